import { findEvent } from "@/lib/events-service";
import { jsonError, jsonOk, serverError } from "@/lib/http/responses";
import { getTrailglass } from "@/lib/trailglass";

export const dynamic = "force-dynamic";

export async function GET(
  _request: Request,
  { params }: { params: Promise<{ id: string }> },
): Promise<Response> {
  try {
    const { id } = await params;
    if (!id || id.length > 200) return jsonError(400, "Invalid event id");
    const app = await getTrailglass();
    const event = await findEvent(app, id);
    if (!event) {
      return jsonError(
        404,
        `No event with id "${id}" in the store or in the default range of the configured sources`,
      );
    }
    return jsonOk({ event });
  } catch (error) {
    return serverError("Reading the event", error);
  }
}
