import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { UserEntry } from "./auth-config";

/**
 * The sign-in session cookie: `<payload>.<signature>`, both base64url, the
 * signature an HMAC-SHA256 of the payload with TRAILGLASS_SESSION_SECRET.
 * The payload names the user, the session (a random id, which sign-out
 * revokes: lib/auth/session-revocations.ts), the expiry and the user's
 * generation: a keyed hash of the user's entry in the users file, so a changed
 * password or role, or a removed user, ends the user's sessions at the next
 * request, also across restarts. The role is read from the file, never from
 * the cookie.
 */

export const SESSION_COOKIE = "trailglass_session";

export interface SessionPayload {
  user: string;
  /** Random, 128 bits: what sign-out revokes. */
  sid: string;
  /** Epoch milliseconds. */
  expires: number;
  /** userGeneration() of the entry at sign-in. */
  generation: string;
}

function sign(data: string, secret: string): Buffer {
  return createHmac("sha256", secret).update(data).digest();
}

export function newSessionId(): string {
  return randomBytes(16).toString("base64url");
}

export function signSession(payload: SessionPayload, secret: string): string {
  const data = Buffer.from(JSON.stringify(payload)).toString("base64url");
  return `${data}.${sign(data, secret).toString("base64url")}`;
}

/** The payload of an untampered, unexpired cookie, or null. */
export function verifySession(
  token: string | undefined | null,
  secret: string,
  now = Date.now(),
): SessionPayload | null {
  if (!token || token.length > 4096) return null;
  const dot = token.indexOf(".");
  if (dot <= 0) return null;
  const data = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1), "base64url");
  const expected = sign(data, secret);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(data, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  if (typeof payload !== "object" || payload === null) return null;
  const { user, sid, expires, generation } = payload as Record<string, unknown>;
  if (
    typeof user !== "string" ||
    typeof sid !== "string" ||
    typeof expires !== "number" ||
    typeof generation !== "string"
  ) {
    return null;
  }
  if (expires <= now) return null;
  return { user, sid, expires, generation };
}

/**
 * The user's entry as it stands, keyed by the secret (the cookie is readable:
 * it must tell nothing about the password hash). Any change to the name, the
 * role or the hash changes it.
 */
export function userGeneration(entry: UserEntry, secret: string): string {
  const fields = [entry.name.toLowerCase(), entry.role, entry.passwordHash ?? ""];
  return createHmac("sha256", secret)
    .update(`generation\0${JSON.stringify(fields)}`)
    .digest("base64url")
    .slice(0, 22);
}

/** The Set-Cookie value; Secure when the page was served over HTTPS. */
export function sessionCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  const parts = [
    `${SESSION_COOKIE}=${token}`,
    "Path=/",
    `Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`,
    "HttpOnly",
    "SameSite=Lax",
  ];
  if (secure) parts.push("Secure");
  return parts.join("; ");
}

export function clearedSessionCookie(secure: boolean): string {
  return sessionCookie("", 0, secure);
}
