import { asRequestUser } from "@/lib/http/request-user";
import { findEvent } from "@/lib/events-service";
import { pathLabelsOf } from "@/lib/http/path-labels";
import { jsonError, jsonOk, serverError } from "@/lib/http/responses";
import { isEventIdParam, parsePermalinkHints } from "@/lib/query/permalink";
import { getTrailglass } from "@/lib/trailglass";

export const dynamic = "force-dynamic";

/** `GET /api/events/<id>?time=…&account=…&region=…&origin=…` (hints optional). */
export async function GET(
  request: Request,
  { params }: { params: Promise<{ id: string }> },
): Promise<Response> {
  try {
    const { id } = await params;
    if (!isEventIdParam(id)) return jsonError(400, "Invalid event id");
    const hints = parsePermalinkHints(new URL(request.url).searchParams);
    if (!hints.ok) {
      return jsonError(400, `Invalid parameters: ${hints.errors.join("; ")}`, hints.errors);
    }
    const app = await getTrailglass();
    const found = await asRequestUser(request, () =>
      findEvent(app, id, hints.value, pathLabelsOf(request, app)),
    );
    if (!found.event) {
      return jsonError(
        404,
        `No event with id "${id}". Looked in: ${found.lookedIn.join("; ")}.`,
        found.lookedIn,
      );
    }
    return jsonOk({ event: found.event });
  } catch (error) {
    return serverError("Reading the event", error);
  }
}
