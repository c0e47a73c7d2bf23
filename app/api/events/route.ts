import { asRequestUser } from "@/lib/http/request-user";
import { findEvents } from "@/lib/events-service";
import { pathLabelsOf } from "@/lib/http/path-labels";
import { jsonTextOk, serverError } from "@/lib/http/responses";
import { invalidParameters } from "@/lib/http/view-request";
import { parseEventQuery } from "@/lib/query/view-params";
import { getTrailglass } from "@/lib/trailglass";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  try {
    const app = await getTrailglass();
    const parsed = parseEventQuery(new URL(request.url).searchParams, app.defaultRange());
    if (!parsed.ok) return invalidParameters(parsed.errors);
    return jsonTextOk(
      await asRequestUser(request, () => findEvents(app, parsed.value, pathLabelsOf(request, app))),
    );
  } catch (error) {
    return serverError("Listing events", error);
  }
}
