import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { syntheticTrail, type SyntheticObject } from "@/bench/synthetic-trail";
import { LoadManager } from "@/lib/load/load-manager";
import { createS3Client } from "@/lib/sources/s3/s3-client";
import { S3TrailSource } from "@/lib/sources/s3/s3-trail-source";
import { openStore, type Store } from "@/lib/store/database";
import { EventWriter } from "@/lib/store/event-writer";
import { storeTotals } from "@/lib/store/loaded-files";
import { listProblems } from "@/lib/store/problems";
import { eventIdsOf, expectExactlyOnce, expectLoadedFilesComplete } from "./support/exactly-once";
import { startFaultyProxy, type FaultyProxy } from "./support/faulty-proxy";
import { s3ClientFor, seedBucket, startS3Server, type S3TestServer } from "./support/s3-server";

/**
 * Faults of the S3 source, with the real S3 test server behind a proxy that misbehaves
 * (test/support/faulty-proxy.ts), the product's own S3 client (createS3Client: its retry
 * settings, the endpoint from AWS_ENDPOINT_URL_S3) and the real store. After each fault,
 * the next load holds every event exactly once.
 */

let root = "";
let server: S3TestServer;
let proxy: FaultyProxy | null = null;
const stores: Store[] = [];

interface Bucket {
  name: string;
  objects: SyntheticObject[];
  ids: string[];
  range: { from: string; to: string };
}

/** A single-account trail bucket of `objects` objects on `day`. */
async function bucket(name: string, objects: number, eventsPerObject: number, day: string) {
  const generated = [
    ...syntheticTrail({
      objects,
      eventsPerObject,
      organizationId: null,
      accounts: ["410000000001"],
      regions: ["eu-central-1"],
      days: 1,
      startDay: day,
    }),
  ];
  await seedBucket(s3ClientFor(server.endpoint), name, generated);
  return {
    name,
    objects: generated,
    ids: eventIdsOf(generated),
    range: { from: `${day}T00:00:00.000Z`, to: `${day}T23:59:59.999Z` },
  } satisfies Bucket;
}

/** The S3 source as the server builds it, through the proxy. */
function sourceFor(b: Bucket, endpoint: string, retries: number) {
  process.env.AWS_ENDPOINT_URL_S3 = endpoint;
  const client = createS3Client(process.env);
  return new S3TrailSource(
    client,
    { bucket: b.name, prefix: "", url: `s3://${b.name}` },
    // Few retries of a download after the SDK's own attempts, soon: a dead server fails fast.
    { concurrency: 4, body: { retries, backoffMs: 20 } },
  );
}

async function newStore(name: string) {
  const store = await openStore(path.join(root, name));
  stores.push(store);
  return store;
}

async function load(store: Store, b: Bucket, endpoint: string, retries = 1) {
  const loads = new LoadManager(store, new EventWriter(store), [sourceFor(b, endpoint, retries)]);
  const status = loads.ensureRange(b.range);
  await status.wait();
  return status;
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "trailglass-faults-s3-"));
  server = await startS3Server({ directory: path.join(root, "s3") });
  process.env.AWS_ACCESS_KEY_ID = "S3RVER";
  process.env.AWS_SECRET_ACCESS_KEY = "S3RVER";
  process.env.AWS_REGION = "us-east-1";
}, 120_000);

afterEach(async () => {
  await proxy?.stop();
  proxy = null;
  for (const store of stores.splice(0)) store.close();
});

afterAll(async () => {
  delete process.env.AWS_ENDPOINT_URL_S3;
  await server?.stop();
  await rm(root, { recursive: true, force: true });
});

describe("S3 faults", () => {
  it("S3 stopping mid-load: the objects cut off are named, the next load completes exactly once", async () => {
    const b = await bucket("stops-mid-load", 60, 40, "2026-12-01");
    proxy = await startFaultyProxy(server.endpoint);
    const store = await newStore("stops");
    // After 20 objects, every download stops half-way through its body.
    proxy.faults.cutAfterObjects = 20;
    const first = await load(store, b, proxy.endpoint);

    const cut = new Set(proxy.stats.cut);
    expect(cut.size).toBeGreaterThan(0);
    const { problems } = await listProblems(store, 1_000);
    const failed = problems.filter((p) => p.kind === "read-failed");
    // Each object cut off is named by its key, and nothing else failed.
    expect(new Set(failed.map((p) => p.file))).toEqual(cut);
    expect(problems.filter((p) => p.kind !== "read-failed" && p.severity === "error")).toEqual([]);
    for (const p of failed) expect(p.message).toMatch(/reading failed after \d+ bytes: GET failed/);
    expect(first.problems).toEqual([]);
    // What was read before each cut is stored, but no object cut off is registered as loaded.
    const totals = await storeTotals(store);
    expect(totals.files).toBe(b.objects.length - cut.size);
    expect(totals.events).toBeLessThan(b.ids.length);
    await expectLoadedFilesComplete(store);

    proxy.heal();
    const second = await load(store, b, proxy.endpoint);
    expect(second.problems).toEqual([]);
    expect((await listProblems(store)).total).toBe(0);
    expect((await storeTotals(store)).files).toBe(b.objects.length);
    await expectExactlyOnce(store, b.ids);
  });

  it("slow responses: every request and every body delayed, the load completes", async () => {
    const b = await bucket("slow", 24, 20, "2026-12-02");
    proxy = await startFaultyProxy(server.endpoint);
    proxy.faults.delayMs = 150;
    const store = await newStore("slow");
    const status = await load(store, b, proxy.endpoint);
    expect(status.problems).toEqual([]);
    expect((await listProblems(store)).total).toBe(0);
    expect(proxy.stats.objectsServed).toBe(b.objects.length);
    await expectExactlyOnce(store, b.ids);
  });

  it("a storm of 503 SlowDown over the whole load: the SDK retries, nothing lost or doubled", async () => {
    const b = await bucket("slowdown-storm", 30, 20, "2026-12-03");
    proxy = await startFaultyProxy(server.endpoint);
    // The first listing calls and the first GET of every object are refused.
    proxy.faults.slowDownNext = 3;
    proxy.faults.slowDownFirstGets = 1;
    const store = await newStore("storm");
    const status = await load(store, b, proxy.endpoint);
    expect(status.problems).toEqual([]);
    expect((await listProblems(store)).total).toBe(0);
    expect(proxy.stats.slowDowns).toBe(3 + b.objects.length);
    expect(new Set(proxy.stats.throttled).size).toBe(b.objects.length);
    await expectExactlyOnce(store, b.ids);
  });

  it("SlowDown that does not stop: the objects refused are named, the next load completes exactly once", async () => {
    const b = await bucket("slowdown-outage", 18, 20, "2026-12-04");
    proxy = await startFaultyProxy(server.endpoint);
    proxy.faults.slowDownAfterObjects = 14;
    const store = await newStore("outage");
    // The SDK's six attempts back off for about 15 s on throttling; no retry on top of them.
    const first = await load(store, b, proxy.endpoint, 0);
    expect(first.problems).toEqual([]);
    const refused = new Set(proxy.stats.throttled);
    expect(refused.size).toBeGreaterThan(0);
    const { problems } = await listProblems(store);
    expect(new Set(problems.map((p) => p.file))).toEqual(refused);
    for (const p of problems) {
      expect(p.kind).toBe("read-failed");
      expect(p.message).toMatch(/SlowDown/);
    }
    expect((await storeTotals(store)).files).toBe(b.objects.length - refused.size);
    // Each refused object was asked for as often as the client's retry policy allows.
    for (const key of refused) {
      expect(proxy.stats.throttled.filter((k) => k === key).length).toBe(6);
    }

    proxy.heal();
    const second = await load(store, b, proxy.endpoint);
    expect(second.problems).toEqual([]);
    expect((await listProblems(store)).total).toBe(0);
    await expectExactlyOnce(store, b.ids);
  }, 120_000);
});
