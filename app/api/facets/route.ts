import { findFacets } from "@/lib/events-service";
import { jsonError, jsonOk, serverError } from "@/lib/http/responses";
import { parseWholeViewQuery } from "@/lib/query/event-query";
import { FACET_FIELDS, type FacetField } from "@/lib/cloudtrail/fields";
import { getTrailglass } from "@/lib/trailglass";

export const dynamic = "force-dynamic";

const MAX_TOP = 50;

/** `GET /api/facets?field=eventName&top=10&<the filter parameters of /api/events>`. */
export async function GET(request: Request): Promise<Response> {
  try {
    const app = await getTrailglass();
    const params = new URL(request.url).searchParams;
    const errors: string[] = [];
    const fields = params.getAll("field");
    for (const field of fields) {
      if (!(FACET_FIELDS as readonly string[]).includes(field)) {
        errors.push(`"field" must be one of ${FACET_FIELDS.join(", ")}; got "${field}"`);
      }
    }
    const topRaw = params.get("top");
    const top = topRaw === null ? 10 : Number(topRaw);
    if (!Number.isInteger(top) || top < 1 || top > MAX_TOP) {
      errors.push(`"top" must be an integer from 1 to ${MAX_TOP}; got "${topRaw}"`);
    }
    const parsed = parseWholeViewQuery(
      params,
      app.defaultRange(),
      ["field", "top"],
      "does not apply to facets",
    );
    if (!parsed.ok) errors.push(...parsed.errors);
    if (errors.length > 0 || !parsed.ok) {
      return jsonError(400, `Invalid parameters: ${errors.join("; ")}`, errors);
    }
    const chosen = fields.length > 0 ? [...new Set(fields as FacetField[])] : FACET_FIELDS;
    return jsonOk(await findFacets(app, parsed.value, chosen, top));
  } catch (error) {
    return serverError("Counting facets", error);
  }
}
