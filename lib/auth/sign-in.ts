import "server-only";
import { ConcurrencyLimiter } from "../load/concurrency";
import { getAuthConfig } from "./auth-config";
import { DUMMY_HASH, verifyPassword } from "./password";
import { clientAddress, clientBlock } from "./client-address";
import { requestOrigin, type Identity } from "./request-auth";
import { passwordFingerprint, sessionCookie, signSession, clearedSessionCookie } from "./session";
import { SignInLimiter } from "./sign-in-limiter";

/** The work of POST /api/session and sign-out; the route handlers stay thin. */

const limiter = new SignInLimiter();
/**
 * Password checks at once: each takes a thread-pool thread for tens of milliseconds.
 * The failure budget is read inside the slot, so a burst of attempts for one user
 * passes it at most this many times over.
 */
const checks = new ConcurrencyLimiter(2);

export type SignInResult =
  | { ok: true; identity: Identity; cookie: string }
  | { ok: false; reason: "invalid" | "limited" | "not-password-mode"; retryAfterMs?: number };

export async function signIn(
  request: Request,
  user: string,
  password: string,
): Promise<SignInResult> {
  const config = getAuthConfig();
  if (config.mode !== "password") return { ok: false, reason: "not-password-mode" };
  const name = user.trim().slice(0, 200);
  const entry = config.users.get(name.toLowerCase());
  const attempt = {
    user: name,
    client: clientBlock(clientAddress(request.headers, config.trustedProxies)),
    known: entry !== undefined,
  };
  const checked = await checks.run(async (): Promise<SignInResult | null> => {
    const wait = limiter.retryAfter(attempt);
    if (wait > 0) return { ok: false, reason: "limited", retryAfterMs: wait };
    // Same work for an unknown name as for a wrong password.
    const matches = await verifyPassword(
      password.slice(0, 1024),
      entry?.passwordHash ?? DUMMY_HASH,
    );
    if (!entry?.passwordHash || !matches) {
      limiter.fail(attempt);
      return { ok: false, reason: "invalid" };
    }
    limiter.succeed(attempt);
    return null;
  });
  if (checked !== null) return checked;
  if (!entry?.passwordHash) return { ok: false, reason: "invalid" };
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
