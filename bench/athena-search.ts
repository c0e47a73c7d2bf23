/**
 * `npm run bench`: one access key's events over a month of a trail bucket, through
 * Athena and by a full load. A local S3 server holds synthetic trail objects
 * (default 10,000 x 100 = 1,000,000 events over 30 days, 4 accounts x 4 Regions),
 * a leaked key planted in a few of them; the local Athena endpoint of the tests
 * runs the SQL over the same objects. Printed, per way: objects and bytes read by
 * trailglass, Athena's scan, seconds to the first row and to the complete view.
 * Seconds of the Athena query itself are the local stand-in's (DuckDB over the
 * objects it fetches), not Athena's: its scanned bytes and the objects trailglass
 * reads are the comparable numbers.
 * Options: --objects N (10000) --events N per object (100) --days N (30) --planted N (40).
 */
import { CreateBucketCommand } from "@aws-sdk/client-s3";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { parseAthenaSettings } from "../lib/athena/athena-settings";
import { LoadManager } from "../lib/load/load-manager";
import { emptyFilter, type EventFilter } from "../lib/query/event-query";
import { S3TrailSource } from "../lib/sources/s3/s3-trail-source";
import { openStore, type Store } from "../lib/store/database";
import { eventFilterSql } from "../lib/store/event-filter-sql";
import { EventWriter } from "../lib/store/event-writer";
import { storeTotals } from "../lib/store/loaded-files";
import { sql } from "../lib/store/sql";
import { ensureView } from "../lib/view-loading";
import { startAthenaServer } from "../test/support/athena-server";
import {
  appWithAthena,
  athenaSearchesVia,
  athenaViewQuery,
  localAthenaClient,
} from "../test/support/local-athena";
import { s3ClientFor, seedBucket, startS3Server } from "../test/support/s3-server";
import { option } from "./generated-store";
import { syntheticTrail, type SyntheticObject } from "./synthetic-trail";

const BUCKET = "bench-trail";
const LEAKED_KEY = "AKIABENCHLEAKED00001";
const fmt = (n: number, digits = 0) =>
  n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** Adds one event of the leaked key to `object` (a copy of its first record, another id and key). */
function plant(object: SyntheticObject, n: number): SyntheticObject {
  const file = JSON.parse(gunzipSync(object.body).toString("utf8")) as {
    Records: Record<string, unknown>[];
  };
  const first = file.Records[0]!;
  file.Records.push({
    ...first,
    eventID: `leaked-${n.toString().padStart(8, "0")}-0000-0000-000000000000`,
    eventName: "ListBuckets",
    sourceIPAddress: "185.220.101.47",
    userIdentity: {
      type: "IAMUser",
      principalId: "AIDABENCHLEAKED00001",
      arn: `arn:aws:iam::${String(first.recipientAccountId)}:user/leaked`,
      accountId: first.recipientAccountId,
      accessKeyId: LEAKED_KEY,
      userName: "leaked",
    },
  });
  return { ...object, body: gzipSync(JSON.stringify(file)), events: object.events + 1 };
}

async function countIn(store: Store, filter: EventFilter): Promise<number> {
  const [row] = await store.query<{ n: number | bigint }>(
    sql`SELECT count(*) AS n FROM events WHERE ${eventFilterSql(filter)}`,
  );
  return Number(row?.n ?? 0);
}

/** Problems the store kept (files or records not read). */
async function storedProblems(store: Store): Promise<number> {
  const [row] = await store.query<{ n: number | bigint }>("SELECT count(*) AS n FROM problems");
  return Number(row?.n ?? 0);
}

/** Seconds until `done` resolves, and until the view first has a row (polled every 100 ms). */
async function timeView(
  store: Store,
  filter: EventFilter,
  done: Promise<unknown>,
): Promise<{ firstRowS: number; completeS: number }> {
  const started = performance.now();
  let firstRowS = Number.NaN;
  let finished = false;
  void done.finally(() => (finished = true));
  while (!finished) {
    if (Number.isNaN(firstRowS) && (await countIn(store, filter)) > 0) {
      firstRowS = (performance.now() - started) / 1000;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await done;
  const completeS = (performance.now() - started) / 1000;
  if (Number.isNaN(firstRowS)) firstRowS = completeS;
  return { firstRowS, completeS };
}

async function main() {
  const objects = option("objects", 10_000);
  const eventsPerObject = option("events", 100);
  const days = option("days", 30);
  const planted = option("planted", 40);
  const work = await mkdtemp(path.join(os.tmpdir(), "trailglass-bench-athena-"));
  const server = await startS3Server({ directory: path.join(work, "s3") });
  const s3 = s3ClientFor(server.endpoint);
  const stores: Store[] = [];
  try {
    const generated = [
      ...syntheticTrail({ objects, eventsPerObject, days, startDay: "2026-10-01" }),
    ];
    const every = Math.floor(generated.length / planted);
    // Spread over the month, none at its very start (whose first events precede the range).
    for (let i = 0; i < planted; i++) {
      const at = Math.floor((i + 0.5) * every);
      generated[at] = plant(generated[at]!, i);
    }
    const events = generated.reduce((n, o) => n + o.events, 0);
    const bytes = generated.reduce((n, o) => n + o.body.length, 0);
    let t = performance.now();
    await seedBucket(s3, BUCKET, generated, { concurrency: 32 });
    await s3.send(new CreateBucketCommand({ Bucket: "athena-results" }));
    console.log(
      `bucket: ${fmt(objects)} objects, ${fmt(events)} events over ${days} days, ${fmt(bytes / 1e6, 1)} MB gzip (uploaded in ${fmt((performance.now() - t) / 1000, 1)} s); key ${LEAKED_KEY} in ${planted} objects`,
    );
    const athena = await startAthenaServer({
      s3,
      bucket: BUCKET,
      workgroups: { primary: { outputLocation: "s3://athena-results/bench/" } },
    });
    const start = Date.parse("2026-10-01T00:00:00.000Z");
    const range = {
      from: new Date(start).toISOString(),
      to: new Date(start + days * 86_400_000 - 1000).toISOString(),
    };
    const filter: EventFilter = { ...emptyFilter(range), accessKeyId: [LEAKED_KEY] };
    const s3Source = () =>
      new S3TrailSource(s3, { bucket: BUCKET, prefix: "", url: `s3://${BUCKET}` });

    // 1. Full load: every object of the range, then the filter.
    const full = await openStore(path.join(work, "full"));
    stores.push(full);
    const fullLoads = new LoadManager(full, new EventWriter(full), [s3Source()]);
    const fullStatus = fullLoads.ensureRange(range, { confirmed: true });
    const fullTimes = await timeView(full, filter, fullStatus.wait());
    const fullTotals = await storeTotals(full);
    const fullProblems = fullStatus.problems.length + (await storedProblems(full));
    for (const p of fullStatus.problems.slice(0, 5))
      console.log(`full load: ${p.file}: ${p.message}`);
    const fullRows = await countIn(full, filter);

    // 2. Through Athena: one query, then only the objects it names.
    const store = await openStore(path.join(work, "athena"));
    stores.push(store);
    const source = s3Source();
    const settings = { ...parseAthenaSettings("table=default.cloudtrail_logs"), source: source.id };
    const client = localAthenaClient(athena.endpoint);
    const searches = athenaSearchesVia(client, store, settings, source, { pollMs: 200 });
    const app = appWithAthena(store, source, searches);
    t = performance.now();
    const view = await ensureView(app, athenaViewQuery(filter));
    const viaTimes = await timeView(store, filter, view.status.wait());
    const search = searches.find(filter)!.status;
    const viaTotals = await storeTotals(store);
    const sizes = new Map(generated.map((o) => [o.key, o.body.length]));
    const readKeys = await store.query<{ key: string }>("SELECT key FROM files WHERE NOT replaced");
    const viaBytes = readKeys.reduce((n, r) => n + (sizes.get(r.key) ?? 0), 0);
    const viaRows = await countIn(store, filter);
    const viaProblems = view.status.problems.length + (await storedProblems(store));
    const standIn = [...athena.queries.values()].at(-1)!;
    const queryS = ((standIn.completedAt ?? Date.now()) - standIn.submittedAt) / 1000;

    const rows: [string, string, string][] = [
      ["matching events", fmt(fullRows), fmt(viaRows)],
      ["objects trailglass read", fmt(fullTotals.files), fmt(viaTotals.files)],
      ["bytes trailglass read (gzip)", `${fmt(bytes / 1e6, 1)} MB`, `${fmt(viaBytes / 1e6, 2)} MB`],
      [
        "Athena scan",
        "-",
        `${fmt(search.bytesScanned / 1e6, 1)} MB (${standIn.filesRead.length} objects, $${search.dollars.toFixed(4)})`,
      ],
      ["Athena query (local stand-in)", "-", `${fmt(queryS, 1)} s`],
      ["problems (files not read)", fmt(fullProblems), fmt(viaProblems)],
      ["seconds to the first row", fmt(fullTimes.firstRowS, 1), fmt(viaTimes.firstRowS, 1)],
      ["seconds to the complete view", fmt(fullTimes.completeS, 1), fmt(viaTimes.completeS, 1)],
    ];
    console.log(`\none access key over ${days} days          full load      via Athena`);
    for (const [name, a, b] of rows) console.log(`${name.padEnd(34)} ${a.padStart(12)}   ${b}`);
    if (viaRows !== fullRows && fullProblems + viaProblems === 0) {
      throw new Error(`via Athena ${viaRows} rows, full load ${fullRows}`);
    }
    client.destroy();
    await athena.stop();
  } finally {
    for (const s of stores) await s.close();
    await server.stop();
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
