import { asRequestUser } from "@/lib/http/request-user";
import { findHighlights } from "@/lib/events-service";
import { jsonOk, serverError } from "@/lib/http/responses";
import { invalidParameters } from "@/lib/http/view-request";
import { parseWholeViewQuery } from "@/lib/query/view-params";
import { getTrailglass } from "@/lib/trailglass";

export const dynamic = "force-dynamic";

/** `GET /api/highlights?<the filter parameters of /api/events>`: what stands out (docs/api.md). */
export async function GET(request: Request): Promise<Response> {
  try {
    const app = await getTrailglass();
    const parsed = parseWholeViewQuery(
      new URL(request.url).searchParams,
      app.defaultRange(),
      [],
      "does not apply: the highlights cover every matching event",
    );
    if (!parsed.ok) return invalidParameters(parsed.errors);
    return jsonOk(await asRequestUser(request, () => findHighlights(app, parsed.value)));
  } catch (error) {
    return serverError("Finding what stands out", error);
  }
}
