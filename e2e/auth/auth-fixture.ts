import path from "node:path";
import { ROOT } from "../support/serve-next";

/**
 * The users of the access-control e2e servers, with their test passwords (the
 * serve script hashes them into a users file of its own).
 */
export const AUTH_USERS = {
  analyst: { name: "alice", role: "analyst", password: "alice-e2e-password" },
  support: { name: "sam", role: "support", password: "sam-e2e-password" },
  manager: { name: "maria", role: "manager", password: "maria-e2e-password" },
  /** Whose entry e2e/auth/sessions.spec.ts edits in the users file while the servers run. */
  edited: { name: "riley", role: "support", password: "riley-e2e-password" },
} as const;

/** Where the serve script writes the users file both servers read. */
export const AUTH_CONFIG_DIR = path.join(ROOT, ".trailglass-e2e-auth-config");
export const USERS_FILE = path.join(AUTH_CONFIG_DIR, "users.json");
/** The password server's second trail folder, with one file that is not gzip. */
export const BROKEN_TRAIL = path.join(AUTH_CONFIG_DIR, "broken-trail");
export const BROKEN_FILE = "not-really.json.gz";

/** Built-in sign-in (TRAILGLASS_AUTH=password) on the sample trail. */
export const AUTH_PORT = Number(process.env.E2E_AUTH_PORT ?? 3110);
/** Behind a sign-in proxy (TRAILGLASS_AUTH=proxy) trusting 127.0.0.1 only; no events. */
export const AUTH_PROXY_PORT = Number(process.env.E2E_AUTH_PROXY_PORT ?? 3111);
export const PROXY_HEADER = "x-forwarded-email";
/** The proxy server's TRAILGLASS_PUBLIC_URL: the name its sign-in proxy forwards. */
export const PUBLIC_URL = "https://trailglass.example.test";
/** Known to the users file with a role (others get none: TRAILGLASS_DEFAULT_ROLE is unset). */
export const PROXY_USER = "maria";
export const SESSION_SECRET = "e2e-session-secret-0123456789abcdef-not-for-production";
/** The address both servers trust as their proxy; 127.0.0.2 stands for any other peer. */
export const TRUSTED_PROXY = "127.0.0.1";
export const UNTRUSTED_PEER = "127.0.0.2";
