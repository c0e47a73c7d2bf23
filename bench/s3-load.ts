/**
 * `npm run bench`: loading a trail bucket from a local S3 server.
 * Seeds s3rver with synthetic trail objects, then measures, at the same
 * concurrency: the server's raw GET rate, the in-memory gunzip+parse rate of
 * the same bodies, and trailglass's load into a fresh store (own process).
 * Options: --objects N (5000) --events N per object (100) --concurrency N (16, the raw
 * GETs') --load-concurrency N (trailglass's objects fetched at once; default: the same).
 */
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { gunzipSync } from "node:zlib";
import { ConcurrencyLimiter } from "../lib/load/concurrency";
import { s3ClientFor, seedBucket, startS3Server } from "../test/support/s3-server";
import { syntheticTrail, type SyntheticObject } from "./synthetic-trail";

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main() {
  const objects = option("objects", 5000);
  const eventsPerObject = option("events", 100);
  const concurrency = option("concurrency", 16);
  const loadConcurrency = option("load-concurrency", concurrency);
  const bucket = "bench-trail";
  const work = await mkdtemp(path.join(os.tmpdir(), "trailglass-bench-"));
  const server = await startS3Server({ directory: path.join(work, "s3") });
  const client = s3ClientFor(server.endpoint);
  try {
    const generated: SyntheticObject[] = [];
    let t = performance.now();
    for (const o of syntheticTrail({ objects, eventsPerObject, days: 2 })) generated.push(o);
    const bytes = generated.reduce((n, o) => n + o.body.length, 0);
    const events = objects * eventsPerObject;
    console.log(
      `generated ${fmt(objects)} objects, ${fmt(events)} events, ${fmt(bytes / 1e6, 1)} MB gzip in ${fmt((performance.now() - t) / 1000, 1)} s`,
    );
    t = performance.now();
    await seedBucket(client, bucket, generated, { concurrency: 32 });
    console.log(`uploaded to s3rver in ${fmt((performance.now() - t) / 1000, 1)} s`);

    // 1. Raw GET rate of the same server at the same concurrency.
    const limiter = new ConcurrencyLimiter(concurrency);
    t = performance.now();
    await Promise.all(
      generated.map((o) =>
        limiter.run(async () => {
          const r = await client.send(new GetObjectCommand({ Bucket: bucket, Key: o.key }));
          await r.Body!.transformToByteArray();
        }),
      ),
    );
    const getS = (performance.now() - t) / 1000;

    // 2. In-memory gunzip + JSON.parse of the same bodies, one thread.
    t = performance.now();
    let parsed = 0;
    for (const o of generated) {
      parsed += (JSON.parse(gunzipSync(o.body).toString("utf8")) as { Records: unknown[] }).Records
        .length;
    }
    const parseS = (performance.now() - t) / 1000;

    // 3. trailglass: list + fetch + decode + normalize + store, in its own process.
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", path.join(__dirname, "load-child.ts")],
      {
        env: {
          ...process.env,
          BENCH_ENDPOINT: server.endpoint,
          BENCH_BUCKET: bucket,
          BENCH_DATA: path.join(work, "store"),
          BENCH_FROM: "2026-11-10T00:00:00Z",
          BENCH_TO: "2026-11-11T23:59:59Z",
          BENCH_CONCURRENCY: String(loadConcurrency),
        },
        maxBuffer: 16 << 20,
      },
    );
    const load = JSON.parse(stdout.trim().split("\n").pop()!) as {
      ms: number;
      listedMs: number | null;
      listCalls: number;
      events: number;
      files: number;
      firstRows: { ms: number; filesDone: number; filesTotal: number } | null;
      problems: number;
      peakRssMb: number;
    };
    const loadS = load.ms / 1000;

    const rate = (s: number) => ({ objects: objects / s, events: events / s });
    const get = rate(getS);
    const parse = rate(parseS);
    const loaded = rate(loadS);
    const bound = Math.min(get.events, parse.events);
    const rows: [string, string, string, string][] = [
      ["raw GET (s3rver)", fmt(getS, 2), fmt(get.objects), fmt(get.events)],
      ["gunzip+parse in memory", fmt(parseS, 2), fmt(parse.objects), fmt(parse.events)],
      ["trailglass load", fmt(loadS, 2), fmt(loaded.objects), fmt(loaded.events)],
    ];
    console.log(
      `\nraw GETs ${concurrency} at once, trailglass ${loadConcurrency}; ${fmt(objects)} objects, ${fmt(events)} events`,
    );
    console.log(["step", "seconds", "objects/s", "events/s"].map((h) => h.padEnd(24)).join(""));
    for (const r of rows) console.log(r.map((c) => c.padEnd(24)).join(""));
    console.log(
      `\nload / raw GET: ${fmt((100 * loaded.events) / get.events, 1)}%   ` +
        `load / parse: ${fmt((100 * loaded.events) / parse.events, 1)}%   ` +
        `load / min(GET, parse): ${fmt((100 * loaded.events) / bound, 1)}% (target >= 80%)`,
    );
    const first = load.firstRows;
    console.log(
      `listing: ${load.listCalls} LIST calls, ${fmt((load.listedMs ?? 0) / 1000, 2)} s; ` +
        `first rows after ${fmt((first?.ms ?? 0) / 1000, 2)} s with ${first?.filesDone ?? "?"}/${first?.filesTotal ?? "?"} objects read ` +
        `(${fmt((100 * (first?.filesDone ?? 0)) / Math.max(1, first?.filesTotal ?? 1), 1)}%, target < 10%)`,
    );
    console.log(
      `store: ${fmt(load.events)} events from ${fmt(load.files)} objects, ${load.problems} problems; ` +
        `peak RSS of the loading process ${fmt(load.peakRssMb)} MB (target < 1024); parsed check ${fmt(parsed)}`,
    );
    if (load.events !== events)
      throw new Error(`expected ${events} events in the store, found ${load.events}`);
  } finally {
    await server.stop();
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
