import { asRequestUser } from "@/lib/http/request-user";
import { findRelated } from "@/lib/events-service";
import { jsonError, jsonOk, serverError } from "@/lib/http/responses";
import { invalidParameters } from "@/lib/http/view-request";
import { isEventIdParam } from "@/lib/query/permalink";
import { parseRangeParams } from "@/lib/query/view-params";
import { getTrailglass } from "@/lib/trailglass";

export const dynamic = "force-dynamic";

/**
 * `GET /api/events/<id>/related?from=&to=`: events sharing its principal, key,
 * request or sharedEventID, around it and over the range.
 */
export async function GET(
  request: Request,
  { params }: { params: Promise<{ id: string }> },
): Promise<Response> {
  try {
    const { id } = await params;
    if (!isEventIdParam(id)) return jsonError(400, "Invalid event id");
    const app = await getTrailglass();
    const range = parseRangeParams(new URL(request.url).searchParams, app.defaultRange());
    if (!range.ok) return invalidParameters(range.errors);
    const related = await asRequestUser(request, () => findRelated(app, id, range.value));
    if (!related) return jsonError(404, `No event with id "${id}" in the store`);
    return jsonOk(related);
  } catch (error) {
    return serverError("Finding related events", error);
  }
}
