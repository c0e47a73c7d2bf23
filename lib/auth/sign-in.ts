import "server-only";
import { getAuthConfig } from "./auth-config";
import { DUMMY_HASH, verifyPassword } from "./password";
import { PEER_HEADER, requestOrigin, type Identity } from "./request-auth";
import { passwordFingerprint, sessionCookie, signSession, clearedSessionCookie } from "./session";
import { SignInLimiter } from "./sign-in-limiter";

/** The work of POST /api/session and sign-out; the route handlers stay thin. */

const limiter = new SignInLimiter();

export type SignInResult =
  | { ok: true; identity: Identity; cookie: string }
  | { ok: false; reason: "invalid" | "limited" | "not-password-mode"; retryAfterMs?: number };

export function signIn(request: Request, user: string, password: string): SignInResult {
  const config = getAuthConfig();
  if (config.mode !== "password") return { ok: false, reason: "not-password-mode" };
  const address = request.headers.get(PEER_HEADER) ?? "unknown";
  const name = user.trim().slice(0, 200);
  const wait = limiter.retryAfter(name, address);
  if (wait > 0) return { ok: false, reason: "limited", retryAfterMs: wait };

  const entry = config.users.get(name.toLowerCase());
  // Same work for an unknown name as for a wrong password.
  const matches = verifyPassword(password.slice(0, 1024), entry?.passwordHash ?? DUMMY_HASH);
  if (!entry?.passwordHash || !matches) {
    limiter.fail(name, address);
    return { ok: false, reason: "invalid" };
  }
  limiter.succeed(name, address);
  const expires = Date.now() + config.sessionMs;
  const token = signSession(
    {
      user: entry.name,
      role: entry.role,
      expires,
      fingerprint: passwordFingerprint(entry.passwordHash),
    },
    config.sessionSecret,
  );
  const { https } = requestOrigin(request.headers, new URL(request.url), config);
  return {
    ok: true,
    identity: { user: entry.name, role: entry.role },
    cookie: sessionCookie(token, config.sessionMs / 1000, https),
  };
}

export function signOutCookie(request: Request): string {
  const { https } = requestOrigin(request.headers, new URL(request.url), getAuthConfig());
  return clearedSessionCookie(https);
}
