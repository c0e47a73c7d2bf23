import { asRequestUser } from "@/lib/http/request-user";
import { findIntegrity } from "@/lib/events-service";
import { pathLabelsOf } from "@/lib/http/path-labels";
import { jsonOk, serverError } from "@/lib/http/responses";
import { invalidParameters } from "@/lib/http/view-request";
import { parseWholeViewQuery } from "@/lib/query/view-params";
import { getTrailglass } from "@/lib/trailglass";

export const dynamic = "force-dynamic";

/** `GET /api/integrity?<the filter parameters of /api/events>`: see docs/api.md. */
export async function GET(request: Request): Promise<Response> {
  try {
    const app = await getTrailglass();
    const parsed = parseWholeViewQuery(
      new URL(request.url).searchParams,
      app.defaultRange(),
      [],
      "is not accepted: the integrity report covers the whole range",
    );
    if (!parsed.ok) return invalidParameters(parsed.errors);
    return jsonOk(
      await asRequestUser(request, () =>
        findIntegrity(app, parsed.value, pathLabelsOf(request, app)),
      ),
    );
  } catch (error) {
    return serverError("Checking integrity", error);
  }
}
