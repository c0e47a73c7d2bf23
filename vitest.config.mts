import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * Two tiers (`vitest run` runs both):
 * - unit (`npm run test:unit`): tests beside the code they test, in lib/,
 *   components/ and scripts/; pure code, or a store on a temporary folder
 *   holding a few rows. Fast.
 * - integration (`npm run test:integration`): test/, the tests that start
 *   servers (s3rver, the local LookupEvents endpoint), child processes and
 *   load workers, load the sample or long ranges into the store, inject faults
 *   or read inputs of hundreds of megabytes.
 */
export default defineConfig({
  resolve: {
    alias: {
      "@": fileURLToPath(new URL(".", import.meta.url)),
      // What Next resolves it to on the server: modules marked server-only are tested here too.
      "server-only": fileURLToPath(new URL("node_modules/server-only/empty.js", import.meta.url)),
    },
  },
  test: {
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "components/**/*.test.ts", "scripts/**/*.test.ts"],
          // The files share their workers' modules instead of importing them anew each (half
          // the time): none of them changes globals, the environment or mocks.
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["test/**/*.test.ts"],
        },
      },
    ],
  },
});
