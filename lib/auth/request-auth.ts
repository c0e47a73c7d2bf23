import { ipNumber, type IpRange } from "../net/ip-match";
import type { AuthConfig } from "./auth-config";
import { SESSION_COOKIE, userGeneration, verifySession, type SessionPayload } from "./session";
import type { Role } from "./roles";

/**
 * Who is asking, from what scripts/serve.mjs and the client sent. serve.mjs
 * overwrites PEER_HEADER with the TCP peer address on every request, so it
 * cannot be forged; proxy.ts overwrites USER_HEADER/ROLE_HEADER with the
 * outcome for the pages and route handlers.
 */

export const PEER_HEADER = "x-trailglass-peer";
export const SERVE_HEADER = "x-trailglass-serve";
export const USER_HEADER = "x-trailglass-user";
export const ROLE_HEADER = "x-trailglass-role";
export const MODE_HEADER = "x-trailglass-auth";
/** Set by proxy.ts on a page the role may not open: the path asked for, named by app/forbidden.tsx. */
export const FORBIDDEN_PATH_HEADER = "x-trailglass-forbidden-path";

export interface Identity {
  user: string;
  role: Role;
}

export type AuthOutcome =
  | { kind: "signed-in"; identity: Identity }
  | { kind: "signed-out" }
  /** Proxy mode: the request did not come through the proxy, or its user has no role. */
  | { kind: "refused"; message: string };

export function isTrustedPeer(peer: string | null, trusted: IpRange[]): boolean {
  const n = ipNumber(peer);
  return n !== null && trusted.some((r) => n >= r.from && n <= r.to);
}

/** The request's origin as the browser sees it (x-forwarded-* only from a trusted proxy). */
export function requestOrigin(
  headers: Headers,
  url: URL,
  config: Pick<AuthConfig, "trustedProxies">,
): { origin: string; https: boolean } {
  const trusted = isTrustedPeer(headers.get(PEER_HEADER), config.trustedProxies);
  const forwardedProto = trusted ? headers.get("x-forwarded-proto")?.split(",")[0]?.trim() : null;
  const forwardedHost = trusted ? headers.get("x-forwarded-host")?.split(",")[0]?.trim() : null;
  const proto = forwardedProto || url.protocol.replace(":", "");
  const host = forwardedHost || headers.get("host") || url.host;
  return { origin: `${proto}://${host}`.toLowerCase(), https: proto === "https" };
}

/**
 * CSRF check for state-changing requests: the Origin (or, without one, the
 * Referer) must be this site. A request carrying neither is refused too.
 */
export function isSameOrigin(headers: Headers, expectedOrigin: string): boolean {
  const origin = headers.get("origin");
  if (origin) return origin.toLowerCase() === expectedOrigin;
  const referer = headers.get("referer");
  if (!referer) return false;
  try {
    return new URL(referer).origin.toLowerCase() === expectedOrigin;
  } catch {
    return false;
  }
}

function readCookie(header: string | null, name: string): string | null {
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** The untampered, unexpired session the request's cookie holds (revoked or not), or null. */
export function sessionOf(
  headers: Headers,
  config: Pick<AuthConfig, "sessionSecret">,
  now = Date.now(),
): SessionPayload | null {
  return verifySession(
    readCookie(headers.get("cookie"), SESSION_COOKIE),
    config.sessionSecret,
    now,
  );
}

/** Sessions ended before their expiry (lib/auth/session-revocations.ts). */
export interface RevokedSessions {
  isRevoked(sid: string, now?: number): boolean;
}

const NONE_REVOKED: RevokedSessions = { isRevoked: () => false };

export function authenticate(
  headers: Headers,
  config: AuthConfig,
  revoked: RevokedSessions = NONE_REVOKED,
  now = Date.now(),
): AuthOutcome {
  if (config.mode === "none")
    return { kind: "signed-in", identity: { user: "local", role: "analyst" } };

  if (config.mode === "proxy") {
    if (!isTrustedPeer(headers.get(PEER_HEADER), config.trustedProxies)) {
      return {
        kind: "refused",
        message: "This server answers only through its sign-in proxy (TRAILGLASS_TRUSTED_PROXIES).",
      };
    }
    const name = headers.get(config.header)?.trim();
    if (!name) return { kind: "signed-out" };
    const role = config.users.get(name.toLowerCase())?.role ?? config.defaultRole;
    if (!role) {
      return {
        kind: "refused",
        message: `${name} is not a trailglass user (no role is configured).`,
      };
    }
    return { kind: "signed-in", identity: { user: name, role } };
  }

  const session = sessionOf(headers, config, now);
  if (!session || revoked.isRevoked(session.sid, now)) return { kind: "signed-out" };
  const user = config.users.get(session.user.toLowerCase());
  // A user removed, or whose password or role changed since: that session is over.
  if (!user?.passwordHash || userGeneration(user, config.sessionSecret) !== session.generation) {
    return { kind: "signed-out" };
  }
  // The role as configured now, not as it was at sign-in.
  return { kind: "signed-in", identity: { user: user.name, role: user.role } };
}
