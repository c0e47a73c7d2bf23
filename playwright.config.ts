import { defineConfig, devices } from "@playwright/test";

/**
 * End-to-end tests in Debian's Chromium against production servers (started
 * by scripts/serve.mjs) on private ports: one reading the bundled sample
 * trail, one reading a trail bucket from a local S3 server (e2e/bucket), one
 * reading the sample and a local LookupEvents endpoint (e2e/lookup), and the
 * access-control ones (e2e/auth: built-in sign-in, and behind a sign-in proxy), and one
 * searching an s3rver bucket through a local Athena endpoint (e2e/athena).
 * Each has a store of its own.
 */

const PORT = Number(process.env.E2E_PORT ?? 3107);
const BUCKET_PORT = Number(process.env.E2E_BUCKET_PORT ?? 3108);
const LOOKUP_PORT = Number(process.env.E2E_LOOKUP_PORT ?? 3109);
const AUTH_PORT = Number(process.env.E2E_AUTH_PORT ?? 3110);
const AUTH_PROXY_PORT = Number(process.env.E2E_AUTH_PROXY_PORT ?? 3111);
const ATHENA_PORT = Number(process.env.E2E_ATHENA_PORT ?? 3112);
const DATA_DIR = ".trailglass-e2e";

/** A server started by a script of e2e/ (a local AWS stand-in plus the build on `port`). */
function serveScript(script: string, portVariable: string, port: number) {
  return {
    command: `npx tsx ${script}`,
    url: `http://127.0.0.1:${port}/api/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe" as const,
    stderr: "pipe" as const,
    env: { [portVariable]: String(port) },
  };
}

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  reporter: "list",
  globalSetup: "./e2e/global-setup.ts",
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
          args: [
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
          ],
        },
      },
    },
  ],
  webServer: [
    {
      // A fresh store per run. Cleared here, not in globalSetup: Playwright starts the server first.
      command: `rm -rf ${DATA_DIR} && node scripts/serve.mjs --host 127.0.0.1 --port ${PORT}`,
      url: `http://127.0.0.1:${PORT}/api/health`,
      timeout: 180_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
      env: {
        TRAILGLASS_DATA: DATA_DIR,
        TRAILGLASS_DIR: "",
        TRAILGLASS_S3: "",
        TRAILGLASS_LOOKUP_REGIONS: "",
      },
    },
    // s3rver seeded with e2e/bucket/trail-fixture.ts, and the build reading it over the S3 API.
    serveScript("e2e/bucket/serve.ts", "E2E_BUCKET_PORT", BUCKET_PORT),
    // A local CloudTrail endpoint serving the sample's events, and the build reading it and the sample.
    serveScript("e2e/lookup/serve.ts", "E2E_LOOKUP_PORT", LOOKUP_PORT),
    // A local Athena endpoint running the SQL over an s3rver bucket, and the build searching through it.
    serveScript("e2e/athena/serve.ts", "E2E_ATHENA_PORT", ATHENA_PORT),
    // Access control: built-in sign-in on the sample, and a server behind a (pretend) sign-in proxy.
    {
      ...serveScript("e2e/auth/serve.ts", "E2E_AUTH_PORT", AUTH_PORT),
      env: { E2E_AUTH_PORT: String(AUTH_PORT), E2E_AUTH_PROXY_PORT: String(AUTH_PROXY_PORT) },
    },
  ],
});
