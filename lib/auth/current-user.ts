import "server-only";
import { headers } from "next/headers";
import { MODE_HEADER, ROLE_HEADER, USER_HEADER, type Identity } from "./request-auth";
import { isRole } from "./roles";
import type { AuthMode } from "./auth-config";

/**
 * The signed-in user as proxy.ts established it, for pages and route handlers.
 * proxy.ts removes these headers from what the client sent and sets them
 * itself, so they can be trusted here.
 */

export function identityFrom(h: Headers): Identity | null {
  const user = h.get(USER_HEADER);
  const role = h.get(ROLE_HEADER);
  return user && isRole(role) ? { user: decodeURIComponent(user), role } : null;
}

export function authModeFrom(h: Headers): AuthMode {
  const mode = h.get(MODE_HEADER);
  return mode === "proxy" || mode === "password" ? mode : "none";
}

export async function currentIdentity(): Promise<Identity | null> {
  return identityFrom(await headers());
}

export async function currentAuthMode(): Promise<AuthMode> {
  return authModeFrom(await headers());
}
