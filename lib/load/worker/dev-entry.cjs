/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS entry, run by worker_threads as is */
// The load worker run from its TypeScript source (development, tests, benches):
// tsx compiles it on the fly. Production runs the bundle scripts/build-load-worker.mjs writes.
require("tsx/cjs/api").register();
require("./load-worker.ts");
