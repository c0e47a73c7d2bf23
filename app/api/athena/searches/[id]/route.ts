import { jsonError, jsonOk, serverError } from "@/lib/http/responses";
import { getTrailglass } from "@/lib/trailglass";

export const dynamic = "force-dynamic";

/** `DELETE /api/athena/searches/<id>`: stops a running Athena search (StopQueryExecution). */
export async function DELETE(
  _request: Request,
  { params }: { params: Promise<{ id: string }> },
): Promise<Response> {
  try {
    const { id } = await params;
    if (!/^[0-9a-f]{24}$/.test(id)) return jsonError(400, "Invalid Athena search id");
    const app = await getTrailglass();
    if (!app.athena) return jsonError(404, "Athena is not configured (TRAILGLASS_ATHENA)");
    const stopped = await app.athena.cancel(id);
    if (!stopped) return jsonError(409, "This Athena search is not running");
    return jsonOk({ cancelled: id });
  } catch (error) {
    return serverError("Cancelling the Athena search", error);
  }
}
