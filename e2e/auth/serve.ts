/**
 * The end-to-end servers for access control: the production build on the
 * sample trail and a folder holding a broken file, with the built-in sign-in
 * (E2E_AUTH_PORT), and one behind a
 * "sign-in proxy" that trusts 127.0.0.1 only (E2E_AUTH_PROXY_PORT, no sources).
 * The users file is written here, with the passwords of auth-fixture.ts.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { hashPassword } from "../../lib/auth/password";
import { runServe, serveNext } from "../support/serve-next";
import {
  AUTH_CONFIG_DIR,
  AUTH_PORT,
  AUTH_PROXY_PORT,
  AUTH_USERS,
  BROKEN_FILE,
  BROKEN_TRAIL,
  PROXY_HEADER,
  PUBLIC_URL,
  SESSION_SECRET,
  TRUSTED_PROXY,
  USERS_FILE,
} from "./auth-fixture";

runServe(async () => {
  rmSync(AUTH_CONFIG_DIR, { recursive: true, force: true });
  mkdirSync(path.join(AUTH_CONFIG_DIR, "empty-trail"), { recursive: true });
  // A second trail folder with a file that is not gzip: a problem naming its source.
  mkdirSync(BROKEN_TRAIL, { recursive: true });
  writeFileSync(path.join(BROKEN_TRAIL, BROKEN_FILE), "not gzip at all");
  const users = Object.values(AUTH_USERS).map(({ name, role, password }) => ({
    name,
    role,
    passwordHash: hashPassword(password),
  }));
  writeFileSync(USERS_FILE, JSON.stringify({ users }, null, 2));

  serveNext({
    name: "auth",
    port: AUTH_PORT,
    env: {
      TRAILGLASS_AUTH: "password",
      TRAILGLASS_USERS_FILE: USERS_FILE,
      TRAILGLASS_SESSION_SECRET: SESSION_SECRET,
      TRAILGLASS_SAMPLE: "on",
      TRAILGLASS_DIR: BROKEN_TRAIL,
      // As behind a TLS proxy on the same host: X-Forwarded-For is believed from 127.0.0.1 only.
      TRAILGLASS_TRUSTED_PROXIES: TRUSTED_PROXY,
    },
    stopService: async () => {},
  });
  serveNext({
    name: "auth-proxy",
    port: AUTH_PROXY_PORT,
    env: {
      TRAILGLASS_AUTH: "proxy",
      TRAILGLASS_AUTH_HEADER: PROXY_HEADER,
      TRAILGLASS_TRUSTED_PROXIES: TRUSTED_PROXY,
      TRAILGLASS_PUBLIC_URL: PUBLIC_URL,
      TRAILGLASS_USERS_FILE: USERS_FILE,
      TRAILGLASS_SAMPLE: "off",
      TRAILGLASS_DIR: path.join(AUTH_CONFIG_DIR, "empty-trail"),
    },
    stopService: async () => {},
  });
});
