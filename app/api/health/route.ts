import { identityFrom } from "@/lib/auth/current-user";
import { pathLabelsOf } from "@/lib/http/path-labels";
import { jsonOk, serverError } from "@/lib/http/responses";
import { recentStoreTotals } from "@/lib/store/loaded-files";
import { getTrailglass } from "@/lib/trailglass";

export const dynamic = "force-dynamic";

/**
 * Liveness plus what the store holds: for tests, load balancers and humans.
 * Signed out (where sign-in is needed), only `{ ok }`: the sources are not for strangers;
 * roles other than analyst see a trail folder by its name, not its path.
 */
export async function GET(request: Request): Promise<Response> {
  try {
    const app = await getTrailglass();
    if (!identityFrom(request.headers)) return jsonOk({ ok: true });
    return jsonOk({
      ok: true,
      store: await recentStoreTotals(app.store),
      sources: app.loads.sources.map((s) => ({
        kind: s.kind,
        id: pathLabelsOf(request, app)?.label(s.id) ?? s.id,
      })),
      sample: app.sample !== null,
    });
  } catch (error) {
    return serverError("Health check", error);
  }
}
