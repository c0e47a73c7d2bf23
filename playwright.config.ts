import { defineConfig, devices } from "@playwright/test";

/**
 * End-to-end tests: the production build on a private port, reading the
 * bundled sample trail into a store of its own, driven in Debian's Chromium.
 */

const PORT = Number(process.env.E2E_PORT ?? 3107);
const DATA_DIR = ".trailglass-e2e";

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  reporter: process.env.CI ? [["list"]] : [["list"]],
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
  webServer: {
    // A fresh store per run. Cleared here, not in globalSetup: Playwright starts the server first.
    command: `rm -rf ${DATA_DIR} && npx next start -H 127.0.0.1 -p ${PORT}`,
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
});
