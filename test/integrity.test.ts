import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import type { S3Client } from "@aws-sdk/client-s3";
import { mkdtemp, rm, unlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DigestKeyring } from "@/lib/integrity/digest-keys";
import { DigestLoader } from "@/lib/integrity/digest-loader";
import { integrityReport } from "@/lib/integrity/integrity-report";
import type { IntegrityReport } from "@/lib/integrity/integrity-schema";
import { LoadManager } from "@/lib/load/load-manager";
import { emptyFilter } from "@/lib/query/event-query";
import { LocalFolderSource } from "@/lib/sources/local/local-folder-source";
import { S3TrailSource } from "@/lib/sources/s3/s3-trail-source";
import type { TrailFileSource } from "@/lib/sources/source-types";
import { openStore, type Store } from "@/lib/store/database";
import { getEventById } from "@/lib/store/event-by-id";
import { EventWriter } from "@/lib/store/event-writer";
import { queryEventPage } from "@/lib/store/query-events";
import { type CloudTrailServerOptions, startCloudTrailServer } from "./support/cloudtrail-server";
import { s3ClientFor, seedBucket, startS3Server } from "./support/s3-server";
import {
  asS3Objects,
  BUCKET,
  eventRecord,
  makeSigningKey,
  signedChain,
  type TrailObject,
  writeTrailFolder,
} from "./support/signed-trail";

/**
 * Digest validation (#20) end to end: trails whose digests are signed here in
 * CloudTrail's format, read from a local folder and from a real S3-compatible
 * server, keys from a local endpoint speaking CloudTrail's ListPublicKeys.
 */

const ACCOUNT = "111122223333";
const FROM = Date.parse("2026-03-01T00:04:17Z");
const range = { from: "2026-03-01T00:00:00.000Z", to: "2026-03-01T07:00:00.000Z" };
const HOUR = 3_600_000;

let root = "";
const stopAfter: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "trailglass-integrity-"));
});
afterAll(async () => {
  for (const stop of stopAfter.reverse()) await stop();
  await rm(root, { recursive: true, force: true });
});

const known = makeSigningKey(FROM - 30 * 24 * HOUR, FROM + 30 * 24 * HOUR);
const stranger = makeSigningKey(FROM - 30 * 24 * HOUR, FROM + 30 * 24 * HOUR);

async function cloudTrail(publicKeys: CloudTrailServerOptions["publicKeys"]) {
  const server = await startCloudTrailServer({ publicKeys });
  stopAfter.push(() => server.stop());
  return new DigestKeyring({
    client: (region) =>
      new CloudTrailClient({
        region,
        endpoint: server.endpoint,
        credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
        maxAttempts: 1,
      }),
  });
}

/** Loads the range from `source` into a new store, digests included; its report. */
async function load(source: TrailFileSource, keyring: DigestKeyring) {
  const store = await openStore(await mkdtemp(path.join(root, "store-")));
  stopAfter.push(() => store.close());
  const writer = new EventWriter(store, { workers: 2 });
  stopAfter.push(() => writer.close());
  const loads = new LoadManager(store, writer, [source], {
    readerOptions: { hashContent: true },
    digests: new DigestLoader(store, () => keyring),
  });
  const status = loads.ensureRange(range);
  await status.waitForDigests();
  const report = await integrityReport(store, range, {
    enabled: true,
    complete: status.digestsComplete,
  });
  return { store, report };
}

const kinds = (report: IntegrityReport) =>
  report.findings.map((f) => f.kind).sort((a, b) => a.localeCompare(b));
const named = (objects: TrailObject[], part: string) => objects.filter((o) => o.key.includes(part));

describe("an untouched trail", () => {
  it("verifies end to end from a folder: every file, every digest, the chain", async () => {
    const objects = signedChain({
      account: ACCOUNT,
      region: "us-east-1",
      fromMs: FROM,
      hours: 3,
      key: known,
    });
    const dir = path.join(root, "untouched");
    await writeTrailFolder(dir, objects);
    const { store, report } = await load(
      new LocalFolderSource(dir),
      await cloudTrail([known.published]),
    );
    expect(report.complete).toBe(true);
    expect(report.files).toEqual({
      verified: 9,
      modified: 0,
      unverified: 0,
      uncovered: 0,
      missing: 0,
    });
    expect(report.digests).toEqual({ read: 3, valid: 3, invalid: 0, unverified: 0 });
    expect(report.chains).toEqual([
      expect.objectContaining({
        account: ACCOUNT,
        region: "us-east-1",
        trail: "main-trail",
        digests: 3,
        breaks: 0,
      }),
    ]);
    expect(report.findings).toEqual([]);
    const first = JSON.parse(objects[0]!.json).Records[0] as { eventID: string };
    const event = await getEventById(store, first.eventID);
    expect(event?.origins).toEqual([
      expect.objectContaining({
        key: objects[0]!.key,
        integrity: { status: "verified", digest: named(objects, "CloudTrail-Digest")[0]!.key },
      }),
    ]);
  }, 60_000);
});

describe("a trail tampered with in every way", () => {
  let objects: TrailObject[] = [];
  let report: IntegrityReport;
  let store: Store;
  /** The record that hour 3's first file delivers again (inserted there by hand). */
  let copied: { eventID: string };

  beforeAll(async () => {
    objects = signedChain({
      account: ACCOUNT,
      region: "us-east-1",
      fromMs: FROM,
      hours: 6,
      key: known,
    });
    const logs = objects.filter((o) => o.signature === undefined);
    const digests = objects.filter((o) => o.signature !== undefined);
    const hour = (h: number) => logs.slice(3 * h, 3 * h + 3);
    // Hour 1's digest carries a signature that is not its own.
    digests[1]!.signature = digests[0]!.signature;
    // Hour 2: one file edited by one byte, one deleted.
    hour(2)[0]!.json = `${hour(2)[0]!.json} `;
    const deleted = hour(2)[1]!;
    // Hour 3: the first file gains a record of hour 0's (a duplicate delivery, edited in).
    const first = JSON.parse(hour(0)[0]!.json) as { Records: { eventID: string }[] };
    copied = first.Records[0]!;
    const edited = JSON.parse(hour(3)[0]!.json) as { Records: unknown[] };
    hour(3)[0]!.json = JSON.stringify({ Records: [...edited.Records, copied] });
    // Hour 4's digest is deleted.
    const gone = digests[4]!;
    // Another Region signed by a key CloudTrail does not list; a third with no digests.
    const foreign = signedChain({
      account: ACCOUNT,
      region: "us-west-2",
      fromMs: FROM,
      hours: 2,
      key: stranger,
    });
    const bare: TrailObject = {
      key: `AWSLogs/${ACCOUNT}/CloudTrail/eu-west-1/2026/03/01/${ACCOUNT}_CloudTrail_eu-west-1_20260301T0100Z_bare.json.gz`,
      json: JSON.stringify({ Records: [eventRecord(ACCOUNT, "eu-west-1", FROM + HOUR, 900)] }),
    };
    const dir = path.join(root, "tampered");
    await writeTrailFolder(dir, [
      ...objects.filter((o) => o !== deleted && o !== gone),
      ...foreign,
      bare,
    ]);
    ({ store, report } = await load(
      new LocalFolderSource(dir),
      await cloudTrail([known.published]),
    ));
  }, 60_000);

  it("counts each file by its standing", () => {
    expect(report.complete).toBe(true);
    // Verified: hours 0, 5 (3 each), 2 (1), 3 (2). Unverified: hour 1 and us-west-2 (listed with
    // their hash in digests that are not valid). Uncovered: hour 4 (its digest deleted), eu-west-1.
    expect(report.files).toEqual({
      verified: 9,
      modified: 2,
      unverified: 9,
      uncovered: 4,
      missing: 1,
    });
    expect(report.digests).toEqual({ read: 7, valid: 4, invalid: 3, unverified: 0 });
  });

  it("names what failed: edits, the deleted file, bad signatures, the gap and the break", () => {
    expect(kinds(report)).toEqual([
      "chain-break",
      "chain-gap",
      "invalid-signature",
      "invalid-signature",
      "invalid-signature",
      "missing",
      "modified",
      "modified",
    ]);
    const message = (kind: string) =>
      report.findings
        .filter((f) => f.kind === kind)
        .map((f) => f.message)
        .join("\n");
    expect(message("invalid-signature")).toContain("does not match its content");
    expect(message("invalid-signature")).toContain("that CloudTrail does not list for us-west-2");
    expect(message("missing")).toContain("is listed in digest");
    expect(message("chain-gap")).toContain(
      "no digest from 2026-03-01T04:04:17Z to 2026-03-01T05:04:17Z",
    );
    const chain = report.chains.find((c) => c.region === "us-east-1");
    expect(chain).toMatchObject({ digests: 5, breaks: 2 });
    expect(report.chains.find((c) => c.region === "us-west-2")).toMatchObject({
      digests: 2,
      breaks: 0,
    });
  });

  it("keeps each delivery's standing: a duplicate is verified in one file, modified in another", async () => {
    const event = await getEventById(store, copied.eventID);
    const standing = Object.fromEntries(
      (event?.origins ?? []).map((o) => [o.key.slice(-30), o.integrity?.status]),
    );
    expect(Object.values(standing).sort()).toEqual(["modified", "verified"]);
  });

  it("filters events by the standing of their files", async () => {
    const page = async (integrity: ("modified" | "uncovered" | "verified")[]) =>
      queryEventPage(store, { ...emptyFilter(range), integrity }, { limit: 100, cursor: null });
    // The edited file's two records; the other edited file's two and the copy it gained.
    const modified = await page(["modified"]);
    expect(modified.total).toBe(5);
    expect(modified.events.map((e) => e.id)).toContain(copied.eventID);
    expect((await page(["verified"])).events.map((e) => e.id)).toContain(copied.eventID);
    expect((await page(["uncovered"])).total).toBe(7);
  });
});

describe("over S3", () => {
  let client: S3Client;
  let objects: TrailObject[] = [];

  beforeAll(async () => {
    const server = await startS3Server({ directory: path.join(root, "s3") });
    stopAfter.push(() => server.stop());
    client = s3ClientFor(server.endpoint);
    objects = signedChain({
      account: ACCOUNT,
      region: "us-east-1",
      fromMs: FROM,
      hours: 2,
      key: known,
    });
    const edited = objects.find((o) => o.signature === undefined)!;
    const s3 = asS3Objects(objects).map((o) =>
      o.key === edited.key ? { ...o, body: gzipSync(`${edited.json}\n`) } : o,
    );
    await seedBucket(client, BUCKET, s3);
  }, 120_000);

  const source = () =>
    new S3TrailSource(client, { bucket: BUCKET, prefix: "", url: `s3://${BUCKET}` });

  it("reads each digest's signature from its metadata and verifies it", async () => {
    const { report } = await load(source(), await cloudTrail([known.published]));
    expect(report.digests).toEqual({ read: 2, valid: 2, invalid: 0, unverified: 0 });
    expect(report.files).toEqual({
      verified: 5,
      modified: 1,
      unverified: 0,
      uncovered: 0,
      missing: 0,
    });
  }, 60_000);

  it("says a digest is unverified, and why, when the keys cannot be listed", async () => {
    const { report } = await load(source(), await cloudTrail("denied"));
    expect(report.digests).toEqual({ read: 2, valid: 0, invalid: 0, unverified: 2 });
    // The hashes still say which file changed; the others match, but nothing proves the digests.
    expect(report.files).toMatchObject({ verified: 0, modified: 1, unverified: 5 });
    const unverified = report.findings.find((f) => f.kind === "unverified-digest");
    expect(unverified?.message).toContain("ListPublicKeys in us-east-1 failed");
    expect(unverified?.message).toContain("AccessDenied");
  }, 60_000);
});

describe("a local copy without signatures", () => {
  it("checks the hashes and the chain, and says the digests are unverified", async () => {
    const objects = signedChain({
      account: ACCOUNT,
      region: "us-east-1",
      fromMs: FROM,
      hours: 2,
      key: known,
    });
    const dir = path.join(root, "unsigned");
    await writeTrailFolder(dir, objects);
    for (const o of objects)
      if (o.signature !== undefined) await unlink(path.join(dir, `${o.key}.sig`));
    await writeFile(path.join(dir, "notes.txt"), "not a trail file");
    const { report } = await load(new LocalFolderSource(dir), await cloudTrail([known.published]));
    expect(report.digests).toMatchObject({ read: 2, valid: 0, unverified: 2 });
    expect(report.files).toMatchObject({ verified: 0, unverified: 6, modified: 0 });
    expect(report.chains[0]).toMatchObject({ breaks: 0 });
    expect(report.findings.map((f) => f.message).join()).toContain(
      "a local copy keeps no signature",
    );
  }, 60_000);
});
