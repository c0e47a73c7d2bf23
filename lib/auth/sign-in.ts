import "server-only";
import { ConcurrencyLimiter } from "../load/concurrency";
import { getAuthConfig, type AuthConfig } from "./auth-config";
import { DUMMY_HASH, verifyPassword } from "./password";
import { clientAddress, clientBlock } from "./client-address";
import { requestOrigin, sessionOf, type Identity } from "./request-auth";
import {
  clearedSessionCookie,
  newSessionId,
  sessionCookie,
  signSession,
  userGeneration,
} from "./session";
import { sessionRevocations } from "./session-revocations";
import { SignInLimiter } from "./sign-in-limiter";

/** The work of POST /api/session and sign-out; the route handlers stay thin. */

const limiter = new SignInLimiter();
/**
 * Password checks at once: each takes tens of milliseconds of CPU on a
 * low-priority thread (password.ts). The failure budget is read before an
 * attempt waits and again inside the slot, so a burst of attempts for one user
 * passes it at most this many times over.
 */
const checks = new ConcurrencyLimiter(1);
/**
 * Attempts waiting for a check, at most; more are answered "busy". Each is
 * within its budgets, so only many addresses and names at once get here, and
 * while the server is saturated (the checks yield their CPU to its requests).
 */
const MAX_WAITING_CHECKS = 100;
/** When a "busy" sign-in may be tried again. */
const BUSY_RETRY_MS = 5_000;

export type SignInResult =
  | { ok: true; identity: Identity; cookie: string }
  | {
      ok: false;
      reason: "invalid" | "limited" | "busy" | "not-password-mode";
      retryAfterMs?: number;
    };

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
  const early = limiter.retryAfter(attempt);
  if (early > 0) return { ok: false, reason: "limited", retryAfterMs: early };
  if (checks.waiting >= MAX_WAITING_CHECKS) {
    return { ok: false, reason: "busy", retryAfterMs: BUSY_RETRY_MS };
  }
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
  // Signing in again (to switch users) ends the session the browser held.
  endSessionOf(request, config);
  const expires = Date.now() + config.sessionMs;
  const token = signSession(
    {
      user: entry.name,
      sid: newSessionId(),
      expires,
      generation: userGeneration(entry, config.sessionSecret),
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

/**
 * Ends the request's session on the server (its cookie stops working at once,
 * wherever it was copied) and answers the cookie that clears it in the browser.
 */
export function signOut(request: Request): string {
  const config = getAuthConfig();
  endSessionOf(request, config);
  const { https } = requestOrigin(request.headers, new URL(request.url), config);
  return clearedSessionCookie(https);
}

/** Revokes the session the request's cookie holds, if any. */
function endSessionOf(request: Request, config: AuthConfig): void {
  const session = config.mode === "password" ? sessionOf(request.headers, config) : null;
  if (!session) return;
  try {
    sessionRevocations(config.dataDir).revoke(session.sid, session.expires);
  } catch (error) {
    // Revoked in memory already; only a restart would bring it back.
    console.error(
      `[trailglass] could not save a revoked session in ${config.dataDir}; it stays revoked until the server restarts:`,
      error,
    );
  }
}
