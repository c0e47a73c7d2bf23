/**
 * `npm run bench` (second part): reading 24 hours of the sample trail's
 * Event history through a local LookupEvents endpoint with the service's
 * 2 calls/s limit, unfiltered and filtered by one event name, into a fresh
 * store. The time is set by the rate limit, so this measures how well the
 * windows and the lookup attribute spend the calls.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { LoadManager } from "../lib/load/load-manager";
import type { EventFilter } from "../lib/query/event-query";
import { ensureSampleTrail } from "../lib/sample";
import { createCloudTrailClient } from "../lib/sources/lookup/cloudtrail-client";
import { LookupEventsSource } from "../lib/sources/lookup/lookup-events-source";
import { RequestRateLimiter } from "../lib/sources/lookup/request-rate-limiter";
import { openStore } from "../lib/store/database";
import { EventWriter } from "../lib/store/event-writer";
import { startCloudTrailServer } from "../test/support/cloudtrail-server";
import { sampleRecordsOf } from "../test/support/sample-records";

const ACCOUNT = "111122223333";
const REGION = "us-east-1";
const DAY = { from: "2026-11-05T00:00:00Z", to: "2026-11-05T23:59:59Z" };

async function main() {
  const work = await mkdtemp(path.join(os.tmpdir(), "trailglass-bench-lookup-"));
  const sampleDir = path.join(work, "sample");
  await ensureSampleTrail(sampleDir);
  const records = await sampleRecordsOf(sampleDir, ACCOUNT, REGION);
  const server = await startCloudTrailServer({ records: { [REGION]: records } });
  process.env.AWS_ENDPOINT_URL_CLOUDTRAIL = server.endpoint;
  process.env.AWS_ACCESS_KEY_ID ??= "AKIDEXAMPLE";
  process.env.AWS_SECRET_ACCESS_KEY ??= "bench-secret";
  try {
    const rows: string[] = [];
    const runs: [string, Partial<EventFilter>][] = [
      ["24 h, unfiltered", {}],
      ["24 h, eventName=AssumeRole", { eventName: ["AssumeRole"] }],
    ];
    // One limiter for both reads, as one server would have.
    const limiter = new RequestRateLimiter(550);
    for (const [label, filter] of runs) {
      const store = await openStore(await mkdtemp(path.join(work, "store-")));
      const source = new LookupEventsSource(createCloudTrailClient(REGION), REGION, {
        limiter,
      });
      const loads = new LoadManager(store, new EventWriter(store), [source]);
      const calls = server.calls.length;
      const started = performance.now();
      const status = loads.ensureRange({ ...DAY, ...filter });
      await status.wait();
      const seconds = (performance.now() - started) / 1000;
      const [counted] = await store.query<{ n: string }>(
        "SELECT count(*)::VARCHAR AS n FROM events",
      );
      const throttled = server.calls.slice(calls).filter((c) => c.throttled).length;
      rows.push(
        `| ${label.padEnd(30)} | ${seconds.toFixed(1).padStart(7)} | ${String(server.calls.length - calls).padStart(5)} | ${String(throttled).padStart(9)} | ${(counted?.n ?? "?").padStart(6)} |`,
      );
      store.close();
    }
    console.log(
      `\nLookupEvents read of the sample (${ACCOUNT}, ${REGION}, ${DAY.from.slice(0, 10)}), limit 2 calls/s:`,
    );
    console.log("| read                           | seconds | calls | throttled | events |");
    console.log("| ------------------------------ | ------- | ----- | --------- | ------ |");
    for (const row of rows) console.log(row);
  } finally {
    await server.stop();
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
