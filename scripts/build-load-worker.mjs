// Bundles the load worker (lib/load/worker/load-worker.ts) into one file the
// production server starts with worker_threads: `next build` bundles the
// routes, not files a thread loads by path. Run by `npm run build`.
import { build } from "esbuild";

await build({
  entryPoints: ["lib/load/worker/load-worker.ts"],
  outfile: "dist/load-worker.cjs",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  // The worker reads and normalizes files: nothing it imports is native.
  logLevel: "warning",
});
