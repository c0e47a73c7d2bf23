import { asRequestUser } from "@/lib/http/request-user";
import { findTimeline } from "@/lib/events-service";
import { jsonOk, serverError } from "@/lib/http/responses";
import { invalidParameters } from "@/lib/http/view-request";
import { parseWholeViewQuery } from "@/lib/query/view-params";
import { getTrailglass } from "@/lib/trailglass";

export const dynamic = "force-dynamic";

/** `GET /api/timeline?<the filter parameters of /api/events>`: the view's histogram (docs/api.md). */
export async function GET(request: Request): Promise<Response> {
  try {
    const app = await getTrailglass();
    const parsed = parseWholeViewQuery(
      new URL(request.url).searchParams,
      app.defaultRange(),
      [],
      "does not apply: the timeline covers every matching event",
    );
    if (!parsed.ok) return invalidParameters(parsed.errors);
    return jsonOk(await asRequestUser(request, () => findTimeline(app, parsed.value)));
  } catch (error) {
    return serverError("Counting events over time", error);
  }
}
