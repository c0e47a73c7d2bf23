import { fork } from "node:child_process";
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { publicKeyDer, publicKeyFingerprint } from "../lib/integrity/digest-signature";
import { signedDigest } from "../lib/integrity/write-digest";
import { ALNUM, Rng } from "../lib/sample/prng";
import { syntheticRecord } from "./synthetic-trail";

/**
 * A trail of many small files, shaped like a real organization trail: a file
 * per account and Region several times every five minutes, most with 1 to 10
 * records and a few with hundreds (sizes drawn like a real lab trail's: p10 1,
 * p50 5, p90 16, p99 33, max 622), and 20% of the events delivered a second
 * time, in a later file of the same account and Region (5 to 60 minutes later).
 * Like a trail with log file validation on, each account and Region has a
 * digest per hour listing the files delivered in it, chained and signed with
 * a key made for the trail (its public key beside the manifest, for
 * TRAILGLASS_DIGEST_KEYS; each signature in `<digest>.sig`).
 * Deterministic from the seed (structure, names and eventIDs), so runs compare;
 * generated once per parameters into os.tmpdir() and reused.
 */

export interface ManyFilesParams {
  files: number;
  seed: number;
  accounts: string[];
  regions: string[];
  organizationId: string;
  /** First delivery day, UTC. */
  startDay: string;
  days: number;
}

export interface ManyFilesManifest {
  params: ManyFilesParams;
  files: number;
  records: number;
  distinctEvents: number;
  /** Records that are a second delivery of an event. */
  redelivered: number;
  bytesGz: number;
  bytesJson: number;
  /** Digest files (one per account, Region and hour). */
  digests: number;
  /** Every event time lies in [from, to). */
  range: { from: string; to: string };
  recordsPerFile: { p10: number; p50: number; p90: number; p99: number; max: number };
  generatedSeconds: number;
}

/** The digests' public key, beside the manifest (not in the trail). */
const KEYS_FILE = "digest-public-keys.json";

/** Bumped whenever the output changes, so an old cache is not reused. */
const GENERATOR_VERSION = 2;
const WINDOW_MS = 5 * 60_000;
const WINDOWS_PER_DAY = 288;
const REDELIVERED_SHARE = 0.2;
/** A second delivery comes 1 to 12 windows (5 to 60 minutes) later. */
const MAX_DELAY_WINDOWS = 12;
/** Event numbers of partition p are p * 2^24 + k: unique without coordinating the writers. */
const PARTITION_STRIDE = 2 ** 24;
const WRITE_BATCH = 256;

/** Records per file, as quantiles (share of files, records), interpolated on a log scale. */
const SIZE_QUANTILES: [number, number][] = [
  [0, 1],
  [0.12, 1],
  [0.5, 5],
  [0.9, 16],
  [0.99, 33],
  [0.998, 90],
  [0.9996, 250],
  [1, 622],
];

export function manyFilesParams(files: number, seed: number): ManyFilesParams {
  return {
    files,
    seed,
    accounts: Array.from({ length: 8 }, (_, i) => `2222000000${String(i + 1).padStart(2, "0")}`),
    regions: ["us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2"],
    organizationId: "o-manyfiles01",
    startDay: "2026-11-10",
    days: 3,
  };
}

function rangeOf(params: ManyFilesParams): { from: string; to: string } {
  const start = Date.parse(`${params.startDay}T00:00:00Z`);
  return {
    from: new Date(start).toISOString(),
    to: new Date(start + params.days * 86_400_000).toISOString(),
  };
}

/** murmur3's finalizer: a bijection of 32-bit integers. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A seeded generator (the sample's mulberry32). */
function seededRandom(seed: number): () => number {
  const rng = new Rng(seed);
  return () => rng.next();
}

const hex = (n: number, digits: number) => n.toString(16).padStart(8, "0").slice(0, digits);

/**
 * A UUID-shaped id of event `n` (version 4 layout). Its first word is a
 * bijection of n, so two events never share one.
 */
function eventUuid(seed: number, n: number, salt: number): string {
  const base = fmix32(seed * 0x9e3779b1 + salt * 0x7feb352d);
  const w = [0, 1, 2, 3].map((i) => fmix32(((n ^ base) + i * 0x632be5ab) >>> 0));
  return (
    `${hex(w[0]!, 8)}-${hex(w[1]!, 4)}-4${hex(w[1]! >>> 4, 3)}-` +
    `${((w[2]! & 3) | 8).toString(16)}${hex(w[2]!, 3)}-${hex(w[3]!, 8)}${hex(fmix32(w[3]!), 4)}`
  );
}

function drawSize(rand: () => number): number {
  const u = rand();
  for (let i = 1; i < SIZE_QUANTILES.length; i++) {
    const [u0, s0] = SIZE_QUANTILES[i - 1]!;
    const [u1, s1] = SIZE_QUANTILES[i]!;
    if (u <= u1) {
      const f = (u - u0) / (u1 - u0);
      return Math.round(Math.exp(Math.log(s0) + f * (Math.log(s1) - Math.log(s0))));
    }
  }
  return SIZE_QUANTILES[SIZE_QUANTILES.length - 1]![1];
}

const pad = (n: number) => String(n).padStart(2, "0");

export interface PartitionStats {
  files: number;
  records: number;
  distinctEvents: number;
  redelivered: number;
  bytesGz: number;
  bytesJson: number;
  digests: number;
  /** [records per file, files] pairs. */
  sizes: [number, number][];
}

/**
 * Writes the files of partition `p` (one account and Region) under `root`.
 * Files are spread evenly over all partitions' five-minute windows, so each
 * writer's share is known without coordination.
 */
export function writePartition(
  params: ManyFilesParams,
  p: number,
  root: string,
  signingKeyPem: string,
): PartitionStats {
  const { accounts, regions, seed } = params;
  const account = accounts[Math.floor(p / regions.length)]!;
  const region = regions[p % regions.length]!;
  const rand = seededRandom(fmix32(seed * 1_000_003 + p));
  const start = Date.parse(`${params.startDay}T00:00:00Z`);
  const windows = params.days * WINDOWS_PER_DAY;
  const slots = accounts.length * regions.length * windows;
  const perSlot = Math.floor(params.files / slots);
  const extra = params.files % slots;
  /** Second deliveries (JSON text) due in each window. */
  const due: string[][] = Array.from({ length: windows }, () => []);
  const stats: PartitionStats = {
    files: 0,
    records: 0,
    distinctEvents: 0,
    redelivered: 0,
    bytesGz: 0,
    bytesJson: 0,
    digests: 0,
    sizes: [],
  };
  /** Per hour, the files delivered in it (key and SHA-256 of the JSON), for its digest. */
  const hourFiles: { key: string; sha256: string }[][] = Array.from(
    { length: params.days * 24 },
    () => [],
  );
  const sizes = new Map<number, number>();
  const batch: { file: string; body: Buffer }[] = [];
  const madeDirs = new Set<string>();
  const flush = () => {
    for (const { file, body } of batch) writeFileSync(file, body);
    batch.length = 0;
  };
  let k = 0;
  for (let w = 0; w < windows; w++) {
    // Bresenham: exactly `extra` slots get one more file, spread evenly.
    const g = p * windows + w;
    const fileCount =
      perSlot + Math.floor(((g + 1) * extra) / slots) - Math.floor((g * extra) / slots);
    if (fileCount === 0) {
      // No file in this window: its second deliveries come in the next one.
      if (w + 1 < windows) due[w + 1]!.unshift(...due[w]!);
      due[w] = [];
      continue;
    }
    const fileSizes = Array.from({ length: fileCount }, () => drawSize(rand));
    const wanted = fileSizes.reduce((a, b) => a + b, 0);
    const windowStart = start + w * WINDOW_MS;
    const delivered = windowStart + WINDOW_MS;
    const records = due[w]!.splice(0, wanted);
    // More second deliveries than room: the rest come in the next window.
    if (due[w]!.length > 0 && w + 1 < windows) due[w + 1]!.unshift(...due[w]!);
    due[w] = [];
    stats.redelivered += records.length;
    while (records.length < wanted) {
      const n = p * PARTITION_STRIDE + k++;
      const time = windowStart + Math.floor(rand() * WINDOW_MS);
      // The same key order as syntheticRecord's, with deterministic ids.
      const json = JSON.stringify({
        ...syntheticRecord(account, region, time, n),
        requestID: eventUuid(seed, n, 2),
        eventID: eventUuid(seed, n, 1),
      });
      stats.distinctEvents++;
      if (rand() < REDELIVERED_SHARE) {
        const later = w + 1 + Math.floor(rand() * MAX_DELAY_WINDOWS);
        if (later < windows) due[later]!.push(json);
      }
      records.push(json);
    }
    // Second deliveries mixed in among the window's new events.
    for (let i = records.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [records[i], records[j]] = [records[j]!, records[i]!];
    }
    const d = new Date(delivered);
    const day = `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}`;
    const stamp = `${day.replaceAll("/", "")}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}Z`;
    const dir = path.join(
      root,
      `AWSLogs/${params.organizationId}/${account}/CloudTrail/${region}/${day}`,
    );
    if (!madeDirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      madeDirs.add(dir);
    }
    let at = 0;
    for (const size of fileSizes) {
      const json = `{"Records":[${records.slice(at, at + size).join(",")}]}`;
      at += size;
      const body = gzipSync(json);
      let suffix = "";
      for (let i = 0; i < 16; i++) suffix += ALNUM[Math.floor(rand() * ALNUM.length)];
      const name = `${account}_CloudTrail_${region}_${stamp}_${suffix}.json.gz`;
      batch.push({ file: path.join(dir, name), body });
      const hour = Math.floor((delivered - start) / 3_600_000);
      hourFiles[Math.min(hour, hourFiles.length - 1)]!.push({
        key: `AWSLogs/${params.organizationId}/${account}/CloudTrail/${region}/${day}/${name}`,
        sha256: createHash("sha256").update(json).digest("hex"),
      });
      if (batch.length >= WRITE_BATCH) flush();
      stats.files++;
      stats.records += size;
      stats.bytesGz += body.length;
      stats.bytesJson += Buffer.byteLength(json);
      sizes.set(size, (sizes.get(size) ?? 0) + 1);
    }
  }
  flush();
  stats.digests = writeDigests(params, account, region, start, hourFiles, root, signingKeyPem);
  stats.sizes = [...sizes];
  return stats;
}

const DIGEST_BUCKET = "bench-trail-bucket";

/** The chain of hourly digests of one account and Region, signed; returns how many. */
function writeDigests(
  params: ManyFilesParams,
  account: string,
  region: string,
  start: number,
  hourFiles: { key: string; sha256: string }[][],
  root: string,
  signingKeyPem: string,
): number {
  const key = createPrivateKey(signingKeyPem);
  const fingerprint = publicKeyFingerprint(publicKeyDer(createPublicKey(key)));
  const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");
  let previous: { object: string; sha256: string; signature: string } | null = null;
  hourFiles.forEach((files, h) => {
    const end = start + (h + 1) * 3_600_000;
    const d = new Date(end);
    const day = `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}`;
    const stamp = `${day.replaceAll("/", "")}T${pad(d.getUTCHours())}0000Z`;
    const object =
      `AWSLogs/${params.organizationId}/${account}/CloudTrail-Digest/${region}/${day}/` +
      `${account}_CloudTrail-Digest_${region}_bench-trail_us-east-1_${stamp}.json.gz`;
    const { json, sha256, signature } = signedDigest(
      {
        account,
        startTime: iso(end - 3_600_000),
        endTime: iso(end),
        bucket: DIGEST_BUCKET,
        object,
        fingerprint,
        previous,
        logFiles: files.map((f) => ({ object: f.key, sha256: f.sha256 })),
      },
      key,
    );
    const file = path.join(root, object);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, gzipSync(json));
    writeFileSync(`${file}.sig`, signature);
    previous = { object, sha256, signature };
  });
  return hourFiles.length;
}

function quantile(sizes: Map<number, number>, files: number, q: number): number {
  let seen = 0;
  for (const [size, count] of [...sizes].sort((a, b) => a[0] - b[0])) {
    seen += count;
    if (seen > q * files) return size;
  }
  return 0;
}

/** Runs the writers, one child process per core, each on every k-th partition. */
async function generate(
  params: ManyFilesParams,
  root: string,
  signingKeyPem: string,
): Promise<PartitionStats[]> {
  const partitions = params.accounts.length * params.regions.length;
  const writers = Math.min(os.availableParallelism(), partitions);
  return Promise.all(
    Array.from(
      { length: writers },
      (_, i) =>
        new Promise<PartitionStats[]>((resolve, reject) => {
          const mine = Array.from({ length: partitions }, (_, p) => p).filter(
            (p) => p % writers === i,
          );
          const child = fork(path.join(__dirname, "many-files-trail-child.ts"), [], {
            execArgv: ["--import", "tsx"],
            stdio: ["ignore", "inherit", "inherit", "ipc"],
          });
          let result: PartitionStats[] | null = null;
          child.on("message", (m) => (result = m as PartitionStats[]));
          child.on("error", reject);
          child.on("exit", (code) =>
            code === 0 && result
              ? resolve(result)
              : reject(new Error(`trail writer ${i} exited with ${code}`)),
          );
          child.send({ params, partitions: mine, root, signingKeyPem });
        }),
    ),
  ).then((all) => all.flat());
}

/**
 * The trail of `params`, generated unless a complete copy is cached: the
 * trail is in `<cache>/trail` (manifest.json beside it, not in it, so that it
 * is not read as a trail file) and the cache folder appears only once whole.
 */
export async function ensureManyFilesTrail(
  params: ManyFilesParams,
): Promise<{ trail: string; manifest: ManyFilesManifest; keysFile: string; reused: boolean }> {
  const hash = createHash("sha256")
    .update(JSON.stringify({ GENERATOR_VERSION, params }))
    .digest("hex")
    .slice(0, 12);
  const cache = path.join(os.tmpdir(), `trailglass-bench-many-${hash}`);
  const trail = path.join(cache, "trail");
  const manifestFile = path.join(cache, "manifest.json");
  const keysFile = path.join(cache, KEYS_FILE);
  if (existsSync(manifestFile)) {
    const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as ManyFilesManifest;
    return { trail, manifest, keysFile, reused: true };
  }
  const partial = `${cache}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  const started = performance.now();
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const der = publicKeyDer(publicKey);
  mkdirSync(partial, { recursive: true });
  // As `aws cloudtrail list-public-keys --output json` prints them.
  writeFileSync(
    path.join(partial, KEYS_FILE),
    JSON.stringify({
      PublicKeyList: [{ Value: der.toString("base64"), Fingerprint: publicKeyFingerprint(der) }],
    }),
  );
  const pem = privateKey.export({ format: "pem", type: "pkcs8" }).toString();
  const parts = await generate(params, path.join(partial, "trail"), pem);
  const sizes = new Map<number, number>();
  for (const part of parts) {
    for (const [size, count] of part.sizes) sizes.set(size, (sizes.get(size) ?? 0) + count);
  }
  const sum = (key: keyof Omit<PartitionStats, "sizes">) =>
    parts.reduce((n, part) => n + part[key], 0);
  const files = sum("files");
  const manifest: ManyFilesManifest = {
    params,
    files,
    records: sum("records"),
    distinctEvents: sum("distinctEvents"),
    redelivered: sum("redelivered"),
    bytesGz: sum("bytesGz"),
    bytesJson: sum("bytesJson"),
    digests: sum("digests"),
    range: rangeOf(params),
    recordsPerFile: {
      p10: quantile(sizes, files, 0.1),
      p50: quantile(sizes, files, 0.5),
      p90: quantile(sizes, files, 0.9),
      p99: quantile(sizes, files, 0.99),
      max: Math.max(...sizes.keys()),
    },
    generatedSeconds: (performance.now() - started) / 1000,
  };
  writeFileSync(path.join(partial, "manifest.json"), JSON.stringify(manifest, null, 2));
  rmSync(cache, { recursive: true, force: true });
  renameSync(partial, cache);
  return { trail, manifest, keysFile, reused: false };
}
