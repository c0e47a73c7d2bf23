/**
 * One load of a bucket into a fresh store, as the server does it, in its own
 * process so its peak memory is its own. Reports JSON on stdout.
 * Env: BENCH_ENDPOINT, BENCH_BUCKET, BENCH_DATA, BENCH_FROM, BENCH_TO, BENCH_CONCURRENCY.
 */
import { LoadManager } from "../lib/load/load-manager";
import { s3ClientFor } from "../test/support/s3-server";
import { S3TrailSource } from "../lib/sources/s3/s3-trail-source";
import { openStore } from "../lib/store/database";
import { EventWriter } from "../lib/store/event-writer";
import { storeTotals } from "../lib/store/loaded-files";

async function main() {
  const env = process.env;
  const store = await openStore(env.BENCH_DATA!);
  const source = new S3TrailSource(
    s3ClientFor(env.BENCH_ENDPOINT!),
    { bucket: env.BENCH_BUCKET!, prefix: "", url: `s3://${env.BENCH_BUCKET}` },
    { concurrency: Number(env.BENCH_CONCURRENCY ?? 16) },
  );
  const loads = new LoadManager(store, new EventWriter(store), [source]);
  const started = performance.now();
  const status = loads.ensureRange({ from: env.BENCH_FROM!, to: env.BENCH_TO! });
  let firstRows: { ms: number; filesDone: number; filesTotal: number } | null = null;
  let listedMs: number | null = null;
  const poll = setInterval(() => {
    void (async () => {
      const p = status.progress;
      if (listedMs === null && p.filesTotal > 0) listedMs = performance.now() - started;
      if (firstRows === null && (await storeTotals(store)).events > 0) {
        firstRows = {
          ms: performance.now() - started,
          filesDone: p.filesDone,
          filesTotal: p.filesTotal,
        };
      }
    })();
  }, 50);
  await status.wait();
  clearInterval(poll);
  const ms = performance.now() - started;
  const totals = await storeTotals(store);
  const problems = status.problems.length;
  store.close();
  process.stdout.write(
    JSON.stringify({
      ms,
      listedMs,
      listCalls: source.stats.listCalls,
      events: totals.events,
      files: totals.files,
      firstRows,
      problems,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    }) + "\n",
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
