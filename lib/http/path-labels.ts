import { identityFrom } from "../auth/current-user";
import { serverPathLabelsFor, type ServerPathLabels } from "../sources/server-path-labels";
import type { Trailglass } from "../trailglass";

/** How the request's user sees server paths: null for an analyst, labels for the other roles. */
export function pathLabelsOf(request: Request, app: Trailglass): ServerPathLabels | null {
  return serverPathLabelsFor(identityFrom(request.headers)?.role ?? null, app.config);
}
