import { authModeFrom, identityFrom } from "../auth/current-user";
import { asRequester } from "../store/admission";

/** The signed-in user a request is for; null with access control off (everyone is one local user). */
export function requestUser(request: Request): string | null {
  return authModeFrom(request.headers) === "none"
    ? null
    : (identityFrom(request.headers)?.user ?? null);
}

/**
 * Runs a route handler's work with its store queries counted as the signed-in
 * user's, who takes turns with the other users (lib/store/admission.ts). With
 * access control off no turns are taken.
 */
export function asRequestUser<T>(request: Request, work: () => Promise<T>): Promise<T> {
  return asRequester(requestUser(request), work);
}
