import { findEvents } from "@/lib/events-service";
import { jsonError, jsonTextOk, serverError } from "@/lib/http/responses";
import { parseEventQuery } from "@/lib/query/event-query";
import { getTrailglass } from "@/lib/trailglass";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  try {
    const app = await getTrailglass();
    const parsed = parseEventQuery(new URL(request.url).searchParams, app.defaultRange());
    if (!parsed.ok)
      return jsonError(400, `Invalid parameters: ${parsed.errors.join("; ")}`, parsed.errors);
    return jsonTextOk(await findEvents(app, parsed.value));
  } catch (error) {
    return serverError("Listing events", error);
  }
}
