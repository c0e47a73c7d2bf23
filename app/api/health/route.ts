import { identityFrom } from "@/lib/auth/current-user";
import { jsonOk, serverError } from "@/lib/http/responses";
import { recentStoreTotals } from "@/lib/store/loaded-files";
import { getTrailglass } from "@/lib/trailglass";

export const dynamic = "force-dynamic";

/**
 * Liveness plus what the store holds: for tests, load balancers and humans.
 * Signed out (where sign-in is needed), only `{ ok }`: the sources are not for strangers.
 */
export async function GET(request: Request): Promise<Response> {
  try {
    const app = await getTrailglass();
    if (!identityFrom(request.headers)) return jsonOk({ ok: true });
    return jsonOk({
      ok: true,
      store: await recentStoreTotals(app.store),
      sources: app.loads.sources.map((s) => ({ kind: s.kind, id: s.id })),
      sample: app.sample !== null,
    });
  } catch (error) {
    return serverError("Health check", error);
  }
}
