import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { isRole, type Role } from "./roles";

/**
 * The sign-in session cookie: `<payload>.<signature>`, both base64url, the
 * signature an HMAC-SHA256 of the payload with TRAILGLASS_SESSION_SECRET.
 * The payload names the user, the role at sign-in, the expiry and a
 * fingerprint of the password hash, so changing a password (or removing the
 * user) ends the sessions at the next request.
 */

export const SESSION_COOKIE = "trailglass_session";

export interface SessionPayload {
  user: string;
  role: Role;
  /** Epoch milliseconds. */
  expires: number;
  /** First bytes of a hash of the user's password hash. */
  fingerprint: string;
}

function sign(data: string, secret: string): Buffer {
  return createHmac("sha256", secret).update(data).digest();
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
  const { user, role, expires, fingerprint } = payload as Record<string, unknown>;
  if (typeof user !== "string" || typeof expires !== "number" || typeof fingerprint !== "string") {
    return null;
  }
  if (!isRole(typeof role === "string" ? role : null) || expires <= now) return null;
  return { user, role: role as Role, expires, fingerprint };
}

export function passwordFingerprint(passwordHash: string): string {
  return createHash("sha256").update(passwordHash).digest("base64url").slice(0, 12);
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
