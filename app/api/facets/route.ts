import { asRequestUser } from "@/lib/http/request-user";
import { findFacets } from "@/lib/events-service";
import { jsonOk, serverError } from "@/lib/http/responses";
import { invalidParameters } from "@/lib/http/view-request";
import { parseFacetsRequest } from "@/lib/query/view-params";
import { getTrailglass } from "@/lib/trailglass";

export const dynamic = "force-dynamic";

/** `GET /api/facets?field=eventName&top=10&contains=…&<the filter parameters of /api/events>`. */
export async function GET(request: Request): Promise<Response> {
  try {
    const app = await getTrailglass();
    const parsed = parseFacetsRequest(new URL(request.url).searchParams, app.defaultRange());
    if (!parsed.ok) return invalidParameters(parsed.errors);
    const { query, fields, top, contains } = parsed.value;
    return jsonOk(
      await asRequestUser(request, () => findFacets(app, query, fields, top, contains)),
    );
  } catch (error) {
    return serverError("Counting facets", error);
  }
}
