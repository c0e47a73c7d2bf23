import { authModeFrom, identityFrom } from "../auth/current-user";
import { asRequester } from "../store/admission";

/**
 * Runs a route handler's work with its store queries counted as the signed-in
 * user's, who takes turns with the other users (lib/store/admission.ts). With
 * access control off everyone is the one local user: no turns are taken.
 */
export function asRequestUser<T>(request: Request, work: () => Promise<T>): Promise<T> {
  const user =
    authModeFrom(request.headers) === "none" ? null : (identityFrom(request.headers)?.user ?? null);
  return asRequester(user, work);
}
