import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { dataDirOf } from "../data-dir";
import { parseIpMatch, type IpRange } from "../net/ip-match";
import { hostAllowList, type HostAllowList } from "./host-allow-list";
import { parsePasswordHash } from "./password";
import { ROLES, type Role } from "./roles";

/**
 * Access control settings, parsed and validated once (like lib/config.ts, kept
 * apart so proxy.ts does not pull in the store). A bad value stops the server
 * at start with a message naming the variable. Whether the bind address allows
 * `none` is checked earlier, by scripts/serve.mjs, which alone knows it.
 */

const AUTH_MODES = ["none", "proxy", "password"] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

const userSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    role: z.enum(ROLES),
    passwordHash: z
      .string()
      .refine((h) => parsePasswordHash(h) !== null, {
        message: "is not a hash printed by `npm run hash-password` (scrypt$N$r$p$salt$hash)",
      })
      .optional(),
  })
  .strict();

const usersFileSchema = z
  .object({ users: z.array(userSchema) })
  .strict()
  .refine((f) => new Set(f.users.map((u) => u.name.toLowerCase())).size === f.users.length, {
    message: "user names must be unique (case-insensitive)",
  });

export type UserEntry = z.infer<typeof userSchema>;

export interface AuthConfig {
  mode: AuthMode;
  /** By lower-cased name. */
  users: Map<string, UserEntry>;
  /** Proxy mode: the request header carrying the signed-in identity, lower case. */
  header: string;
  /** Peers whose identity header (and x-forwarded-proto/host) is believed. */
  trustedProxies: IpRange[];
  /** Proxy mode: the role of an identity not in the users file; null refuses it. */
  defaultRole: Role | null;
  sessionSecret: string;
  sessionMs: number;
  /** The address users open (TRAILGLASS_PUBLIC_URL), when configured. */
  publicUrl: URL | null;
  /** The Host names answered to: the public URL's, and the bind address's. */
  hosts: HostAllowList;
  /** TRAILGLASS_DATA: where revoked sessions are kept. */
  dataDir: string;
}

export class AuthConfigError extends Error {}

function list(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function readUsers(file: string, issues: string[]): Map<string, UserEntry> {
  const users = new Map<string, UserEntry>();
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    issues.push(`TRAILGLASS_USERS_FILE: cannot read ${file}: ${(error as Error).message}`);
    return users;
  }
  const parsed = usersFileSchema.safeParse(json);
  if (!parsed.success) {
    for (const i of parsed.error.issues) {
      issues.push(`TRAILGLASS_USERS_FILE: ${file}: ${i.path.join(".") || "(file)"} ${i.message}`);
    }
    return users;
  }
  for (const user of parsed.data.users) users.set(user.name.toLowerCase(), user);
  return users;
}

/** An http(s) origin with nothing after it: trailglass is served at the root. */
function parsePublicUrl(value: string | undefined, issues: string[]): URL | null {
  const text = value?.trim();
  if (!text) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    issues.push(
      `TRAILGLASS_PUBLIC_URL: "${text}" is not a URL like https://trailglass.example.com`,
    );
    return null;
  }
  if (!["http:", "https:"].includes(url.protocol) || url.username || url.password) {
    issues.push(`TRAILGLASS_PUBLIC_URL: "${text}" must be an http:// or https:// address`);
    return null;
  }
  if (url.pathname !== "/" || url.search || url.hash) {
    issues.push(
      `TRAILGLASS_PUBLIC_URL: "${text}" must be an origin only (trailglass is served at the root)`,
    );
    return null;
  }
  return url;
}

export function parseAuthConfig(env: Record<string, string | undefined>): AuthConfig {
  const issues: string[] = [];
  const modeText = (env.TRAILGLASS_AUTH?.trim() || "none").toLowerCase();
  const mode = (AUTH_MODES as readonly string[]).includes(modeText) ? (modeText as AuthMode) : null;
  if (!mode) {
    issues.push(`TRAILGLASS_AUTH: must be none, proxy or password, got "${env.TRAILGLASS_AUTH}"`);
  }

  const usersFile = env.TRAILGLASS_USERS_FILE?.trim();
  const users = usersFile ? readUsers(path.resolve(usersFile), issues) : new Map();

  const header = (env.TRAILGLASS_AUTH_HEADER?.trim() || "x-forwarded-email").toLowerCase();
  if (!/^[a-z0-9-]+$/.test(header)) {
    issues.push(`TRAILGLASS_AUTH_HEADER: "${header}" is not an HTTP header name`);
  }

  const trustedProxies: IpRange[] = [];
  for (const item of list(env.TRAILGLASS_TRUSTED_PROXIES)) {
    const range = parseIpMatch(item);
    if (range) trustedProxies.push(range);
    else issues.push(`TRAILGLASS_TRUSTED_PROXIES: "${item}" is not an IP address or CIDR block`);
  }

  const defaultRoleText = env.TRAILGLASS_DEFAULT_ROLE?.trim();
  let defaultRole: Role | null = null;
  if (defaultRoleText) {
    const role = z.enum(ROLES).safeParse(defaultRoleText);
    if (role.success) defaultRole = role.data;
    else
      issues.push(`TRAILGLASS_DEFAULT_ROLE: must be ${ROLES.join(", ")}; got "${defaultRoleText}"`);
  }

  const publicUrl = parsePublicUrl(env.TRAILGLASS_PUBLIC_URL, issues);
  // Set by scripts/serve.mjs, which alone knows where the server listens.
  const hosts = hostAllowList(env.TRAILGLASS_BIND_HOST ?? "127.0.0.1", publicUrl);

  const sessionSecret = env.TRAILGLASS_SESSION_SECRET ?? "";
  const hoursText = env.TRAILGLASS_SESSION_HOURS?.trim() || "8";
  const hours = Number(hoursText);
  if (!Number.isFinite(hours) || hours <= 0 || hours > 24 * 30) {
    issues.push(
      `TRAILGLASS_SESSION_HOURS: must be a number of hours (0 < h <= 720), got "${hoursText}"`,
    );
  }

  if (mode === "proxy") {
    if (trustedProxies.length === 0) {
      issues.push(
        "TRAILGLASS_TRUSTED_PROXIES: proxy mode needs the proxy's addresses (IPs or CIDR blocks): the identity header is believed only from them",
      );
    }
    if (!usersFile && !defaultRole) {
      issues.push(
        "TRAILGLASS_USERS_FILE or TRAILGLASS_DEFAULT_ROLE: proxy mode needs the roles of the signed-in identities",
      );
    }
  }
  if (mode === "password") {
    if (!usersFile) issues.push("TRAILGLASS_USERS_FILE: password mode needs a users file");
    for (const user of users.values()) {
      if (!user.passwordHash) {
        issues.push(`TRAILGLASS_USERS_FILE: user "${user.name}" has no passwordHash`);
      }
    }
    if (sessionSecret.length < 32) {
      issues.push(
        "TRAILGLASS_SESSION_SECRET: password mode needs a secret of at least 32 characters to sign sessions (e.g. `openssl rand -base64 48`)",
      );
    }
  }

  if (issues.length > 0 || !mode) {
    throw new AuthConfigError(
      `Invalid trailglass access control configuration:\n${issues.map((i) => `  ${i}`).join("\n")}`,
    );
  }
  return {
    mode,
    users,
    header,
    trustedProxies,
    defaultRole,
    sessionSecret,
    sessionMs: hours * 3_600_000,
    publicUrl,
    hosts,
    dataDir: dataDirOf(env.TRAILGLASS_DATA),
  };
}

/** What changes when the users file is edited (or replaced, or removed). */
function usersFileStamp(file: string | undefined): string {
  if (!file?.trim()) return "";
  try {
    const stat = statSync(path.resolve(file.trim()));
    return `${stat.ino}:${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}`;
  } catch (error) {
    return `unreadable:${(error as NodeJS.ErrnoException).code ?? "error"}`;
  }
}

/**
 * The configuration, with the users file as it is now: it is read again when
 * it changes (checked at every call, a stat), so a removed user or a changed
 * role or password takes effect at once, without a restart. A file that does
 * not parse is not kept: every call fails (closed) until it is fixed.
 */
export function authConfigReader(env: Record<string, string | undefined>): () => AuthConfig {
  let cached: { config: AuthConfig; stamp: string } | undefined;
  return () => {
    const stamp = usersFileStamp(env.TRAILGLASS_USERS_FILE);
    if (cached?.stamp !== stamp) cached = { config: parseAuthConfig(env), stamp };
    return cached.config;
  };
}

export const getAuthConfig = authConfigReader(process.env);
