import { DeleteObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syntheticTrail } from "@/bench/synthetic-trail";
import { LoadManager } from "@/lib/load/load-manager";
import { generateSampleTrail, type SampleManifest } from "@/lib/sample";
import { deliveryDays, mayHoldRange } from "@/lib/sources/delivery-window";
import { S3TrailSource } from "@/lib/sources/s3/s3-trail-source";
import { openStore, type Store } from "@/lib/store/database";
import { EventWriter } from "@/lib/store/event-writer";
import { storeTotals } from "@/lib/store/loaded-files";
import { listProblems } from "@/lib/store/problems";
import { s3ClientFor, seedBucket, startS3Server, uploadFolder } from "./support/s3-server";

/**
 * The S3 source against a real S3-compatible server (s3rver over HTTP):
 * the sample trail under a prefix (organization layout), a single-account
 * trail, listing plans, pagination, ETag reuse, broken objects and a server
 * that goes away mid-load.
 */

const SAMPLE_BUCKET = "acme-trail";
const PREFIX = "org/trails";
let root = "";
let server: Awaited<ReturnType<typeof startS3Server>>;
let client: S3Client;
let manifest: SampleManifest;
/** Keys of the sample's event and Insights files, as uploaded. */
let sampleKeys: string[] = [];

async function walk(dir: string, base = dir): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(full, base)));
    else out.push(path.relative(base, full).split(path.sep).join("/"));
  }
  return out;
}

function sampleSource(options = {}) {
  return new S3TrailSource(
    client,
    { bucket: SAMPLE_BUCKET, prefix: PREFIX, url: `s3://${SAMPLE_BUCKET}/${PREFIX}` },
    options,
  );
}

async function freshStore(name: string): Promise<Store> {
  return openStore(path.join(root, name));
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "trailglass-s3-"));
  server = await startS3Server({ directory: path.join(root, "s3") });
  client = s3ClientFor(server.endpoint);
  const trail = path.join(root, "sample");
  manifest = await generateSampleTrail({ outDir: trail });
  await uploadFolder(client, SAMPLE_BUCKET, trail, `${PREFIX}/`);
  sampleKeys = (await walk(trail))
    .filter((k) => k.endsWith(".json.gz") && !k.includes("CloudTrail-Digest"))
    .map((k) => `${PREFIX}/${k}`);
}, 240_000);

afterAll(async () => {
  await server?.stop();
  await rm(root, { recursive: true, force: true });
});

describe("listing plan", () => {
  it("lists exactly the day partitions of the range, in every account and Region", async () => {
    const range = { from: "2026-11-04T00:00:00.000Z", to: "2026-11-04T23:59:59.000Z" };
    const source = sampleSource();
    const plan = await source.planRange(range);
    expect(plan.problems).toEqual([]);
    const days = new Set(deliveryDays(range).map((d) => d.replace(/-/g, "/")));
    const expected = sampleKeys.filter(
      (k) =>
        days.has(/\/(\d{4}\/\d{2}\/\d{2})\/[^/]+$/.exec(k)?.[1] ?? "") && mayHoldRange(k, range),
    );
    expect(plan.files.map((f) => f.key).sort()).toEqual(expected.sort());
    // Both kinds of folder, several accounts, no digests.
    expect(plan.files.some((f) => f.key.includes("/CloudTrail-Insight/"))).toBe(true);
    expect(new Set(plan.files.map((f) => f.key.split("/")[4])).size).toBe(manifest.accounts.length);
    expect(plan.files.some((f) => f.key.includes("Digest"))).toBe(false);
  });

  it("lists only the partitions an account and Region filter lets through", async () => {
    const range = { from: "2026-11-04T00:00:00.000Z", to: "2026-11-04T23:59:59.000Z" };
    const account = manifest.accounts[0]!.id;
    const scope = { account: [account], region: ["us-east-1"] };
    const source = sampleSource();
    await source.planRange(range); // discovery
    const before = source.stats.listCalls;
    const plan = await source.planRange(range, scope);
    expect(plan.problems).toEqual([]);
    expect(plan.files.length).toBeGreaterThan(0);
    for (const f of plan.files)
      expect(f.key).toMatch(new RegExp(`/${account}/CloudTrail(-Insight)?/us-east-1/`));
    // One account, one Region, its three folders (events, Insights, digests), two delivery days.
    expect(source.stats.listCalls - before).toBeLessThanOrEqual(3 * 2);
    // The digests of the same partitions are listed beside the files (their .sig files are not).
    expect(plan.digests?.length).toBeGreaterThan(0);
    for (const d of plan.digests ?? [])
      expect(d.key).toMatch(new RegExp(`/${account}/CloudTrail-Digest/us-east-1/.*\\.json\\.gz$`));
    const full = await source.planRange(range);
    const expected = full.files.filter((f) =>
      new RegExp(`/${account}/CloudTrail(-Insight)?/us-east-1/`).test(f.key),
    );
    expect(plan.files.map((f) => f.key)).toEqual(expected.map((f) => f.key));
    // Exclusions prune too; filters of other scopes are loaded apart.
    const others = await source.planRange(range, { exclude: { account: [account] } });
    expect(others.files.some((f) => f.key.includes(`/${account}/`))).toBe(false);
    expect(source.variantOf(scope)).not.toBe(source.variantOf({}));
  });

  it("grows LIST calls with accounts x Regions x days, not with the bucket", async () => {
    const source = sampleSource();
    const oneDay = { from: "2026-11-04T00:00:00.000Z", to: "2026-11-04T23:59:59.000Z" };
    await source.planRange(oneDay);
    const discoveryAndTwoDays = source.stats.listCalls;
    await source.planRange(oneDay);
    const perPlanTwoDays = source.stats.listCalls - discoveryAndTwoDays;
    await source.planRange({ from: "2026-11-02T00:00:00.000Z", to: "2026-11-05T23:59:59.000Z" });
    const perPlanFiveDays = source.stats.listCalls - discoveryAndTwoDays - perPlanTwoDays;
    // The layout is discovered once; each plan lists (account, folder, Region) x delivery days.
    const regionFolders = perPlanTwoDays / 2;
    expect(Number.isInteger(regionFolders)).toBe(true);
    expect(regionFolders).toBeLessThanOrEqual(
      manifest.accounts.length * manifest.regions.length * 3,
    );
    expect(perPlanFiveDays).toBe(regionFolders * 5);
    expect(perPlanFiveDays).toBeLessThan(sampleKeys.length / 10);
  });

  it("follows pagination beyond 1,000 keys and reads a single-account layout", async () => {
    const bucket = "single-account";
    const objects = [
      ...syntheticTrail({
        objects: 1_200,
        eventsPerObject: 1,
        organizationId: null,
        accounts: ["123456789012"],
        regions: ["eu-west-1"],
        days: 1,
        startDay: "2026-11-10",
      }),
    ];
    await seedBucket(client, bucket, objects);
    const source = new S3TrailSource(client, { bucket, prefix: "", url: `s3://${bucket}` });
    const plan = await source.planRange({
      from: "2026-11-10T00:00:00.000Z",
      to: "2026-11-10T23:59:59.000Z",
    });
    expect(plan.problems).toEqual([]);
    expect(plan.files).toHaveLength(1_200);
    expect(new Set(plan.files.map((f) => f.key))).toEqual(new Set(objects.map((o) => o.key)));
  });
});

describe("loading from the bucket", () => {
  const span = () => ({ from: manifest.span.from, to: manifest.span.to });

  it("loads every event of the sample once, then skips every object with the same ETag", async () => {
    const store = await freshStore("store-full");
    try {
      const first = new LoadManager(store, new EventWriter(store), [sampleSource()]);
      const status = first.ensureRange(span());
      await status.wait();
      expect(status.problems).toEqual([]);
      expect((await storeTotals(store)).events).toBe(manifest.distinctEvents);
      const rows = await store.query<{ category: string; n: string }>(
        "SELECT category, count(*)::VARCHAR AS n FROM events GROUP BY category",
      );
      expect(Object.fromEntries(rows.map((r) => [r.category, Number(r.n)]))).toEqual(
        manifest.byCategory,
      );
      const origins = await store.query<{ kind: string; source: string }>(
        "SELECT DISTINCT kind, source FROM event_origins",
      );
      expect(origins).toEqual([{ kind: "s3", source: `s3://${SAMPLE_BUCKET}/${PREFIX}` }]);

      // A new loader (as after a restart) reads nothing: every ETag is known.
      const registered = async () =>
        store.query<{ key: string; at: string }>(
          "SELECT key, strftime(loaded_at, '%Y-%m-%dT%H:%M:%S.%f') AS at FROM loaded_files ORDER BY key",
        );
      const before = await registered();
      expect(before).toHaveLength(manifest.files.events + manifest.files.insights);
      const second = new LoadManager(store, new EventWriter(store), [sampleSource()]);
      await second.ensureRange(span()).wait();
      expect(await registered()).toEqual(before);
      expect((await storeTotals(store)).events).toBe(manifest.distinctEvents);

      // A changed object (new ETag) is the only one read again.
      const changed = before[0]!.key;
      const original = await readFile(path.join(root, "sample", changed.slice(PREFIX.length + 1)));
      // Same records, different bytes: a new ETag.
      const body = gzipSync(gunzipSync(original), { level: 1 });
      expect(body.equals(original)).toBe(false);
      await client.send(new PutObjectCommand({ Bucket: SAMPLE_BUCKET, Key: changed, Body: body }));
      const third = new LoadManager(store, new EventWriter(store), [sampleSource()]);
      await third.ensureRange(span()).wait();
      const after = await registered();
      const reread = after.filter((r, i) => r.at !== before[i]!.at).map((r) => r.key);
      expect(reread).toEqual([changed]);
      expect((await storeTotals(store)).events).toBe(manifest.distinctEvents);
    } finally {
      store.close();
    }
  }, 240_000);

  it("reports corrupt and missing objects by key while every other event loads", async () => {
    const bucket = "broken-trail";
    const good = [
      ...syntheticTrail({
        objects: 6,
        eventsPerObject: 5,
        organizationId: null,
        accounts: ["210000000001"],
        regions: ["us-east-1"],
        days: 1,
        startDay: "2026-11-12",
      }),
    ];
    await seedBucket(client, bucket, good);
    const corruptKey = good[0]!.key.replace(/_[^_]+\.json\.gz$/, "_corrupt0000000.json.gz");
    await client.send(
      new PutObjectCommand({ Bucket: bucket, Key: corruptKey, Body: Buffer.from("not gzip") }),
    );
    const source = new S3TrailSource(client, { bucket, prefix: "", url: `s3://${bucket}` });
    const range = { from: "2026-11-12T00:00:00.000Z", to: "2026-11-12T23:59:59.000Z" };
    const plan = await source.planRange(range);
    expect(plan.files).toHaveLength(7);

    // An object deleted between listing and reading.
    const missing = plan.files.find((f) => f.key === good[1]!.key)!;
    await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: missing.key }));

    const store = await freshStore("store-broken");
    try {
      const writer = new EventWriter(store);
      const batch = await writer.read(plan.files);
      await batch.read;
      await writer.flush();
      await batch.committed;
      await writer.close();
      // Six good objects, one of them deleted: five remain.
      expect((await storeTotals(store)).events).toBe(5 * 5);
      const { problems } = await listProblems(store);
      const byFile = new Map(problems.map((p) => [p.file, p]));
      expect(byFile.get(corruptKey)?.kind).toBe("not-gzip");
      expect(byFile.get(missing.key)?.kind).toBe("read-failed");
      expect(byFile.get(missing.key)?.message).toMatch(/NoSuchKey|PreconditionFailed|404|412/);
      expect(problems).toHaveLength(2);
    } finally {
      store.close();
    }
  });
});

describe("a server that fails mid-load", () => {
  it("loses nothing and doubles nothing on the next load", async () => {
    const dir = path.join(root, "flaky-s3");
    const bucket = "flaky";
    let flaky = await startS3Server({ directory: dir });
    const objects = [
      ...syntheticTrail({
        objects: 400,
        eventsPerObject: 10,
        organizationId: null,
        accounts: ["310000000001"],
        regions: ["us-east-1"],
        days: 1,
        startDay: "2026-11-14",
      }),
    ];
    await seedBucket(s3ClientFor(flaky.endpoint), bucket, objects);
    const port = Number(new URL(flaky.endpoint).port);
    const range = { from: "2026-11-14T00:00:00.000Z", to: "2026-11-14T23:59:59.000Z" };
    const store = await freshStore("store-flaky");
    try {
      const source = () =>
        new S3TrailSource(
          s3ClientFor(flaky.endpoint),
          { bucket, prefix: "", url: `s3://${bucket}` },
          { concurrency: 4, body: { retries: 1, backoffMs: 10 } },
        );
      const first = new LoadManager(store, new EventWriter(store), [source()]);
      const status = first.ensureRange(range);
      // Stop the server once part of the load is done.
      while (status.progress.filesDone < 40 && !status.complete) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await flaky.stop();
      await status.wait();
      const partial = (await storeTotals(store)).events;
      expect(partial).toBeLessThan(4_000);
      expect(status.problems.length + (await listProblems(store)).total).toBeGreaterThan(0);

      flaky = await startS3Server({ directory: dir, port });
      const second = new LoadManager(store, new EventWriter(store), [source()]);
      const again = second.ensureRange(range);
      await again.wait();
      expect(again.problems).toEqual([]);
      expect((await listProblems(store)).total).toBe(0);
      expect((await storeTotals(store)).events).toBe(4_000);
      const origins = await store.query<{ n: string }>(
        "SELECT count(*)::VARCHAR AS n FROM event_origins",
      );
      expect(Number(origins[0]?.n)).toBe(4_000);
    } finally {
      store.close();
      await flaky.stop();
    }
  }, 240_000);
});
