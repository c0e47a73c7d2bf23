import { createHash, generateKeyPairSync, type KeyObject } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { publicKeyDer, publicKeyFingerprint } from "@/lib/integrity/digest-signature";
import { signedDigest } from "@/lib/integrity/write-digest";
import type { DigestSigningKey } from "./cloudtrail-server";

/**
 * A small trail with digest files signed the way CloudTrail signs them, by a
 * key made here: for each account and Region, log files every 20 minutes and
 * one digest per hour listing the files delivered in its hour (SHA-256 of
 * their uncompressed content), chained to the one before. Written to a folder
 * (signatures in `<digest>.sig`) or uploaded to S3 (in `x-amz-meta-signature`).
 */

export const BUCKET = "signed-trail";
const HOUR = 3_600_000;

export interface TrailObject {
  key: string;
  /** The uncompressed JSON text. */
  json: string;
  signature?: string;
}

export interface SigningKey {
  privateKey: KeyObject;
  /** As ListPublicKeys answers for it. */
  published: DigestSigningKey;
}

export function makeSigningKey(validFrom: number, validTo: number): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const der = publicKeyDer(publicKey);
  return {
    privateKey,
    published: { der, fingerprint: publicKeyFingerprint(der), validFrom, validTo },
  };
}

const stamp = (ms: number, seconds: boolean) =>
  new Date(ms)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}Z$/, "Z")
    .slice(0, seconds ? 15 : 13)
    .concat("Z");
const datePath = (ms: number) => new Date(ms).toISOString().slice(0, 10).replaceAll("-", "/");
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
/** Event numbers, unique across chains (an eventID is unique across accounts and Regions). */
let n = 0;

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

export function eventRecord(account: string, region: string, at: number, n: number) {
  return {
    eventVersion: "1.09",
    userIdentity: {
      type: "IAMUser",
      principalId: "AIDAEXAMPLE",
      arn: `arn:aws:iam::${account}:user/alice`,
      accountId: account,
      userName: "alice",
    },
    eventTime: iso(at),
    eventSource: "s3.amazonaws.com",
    eventName: "ListBuckets",
    awsRegion: region,
    sourceIPAddress: "198.51.100.7",
    userAgent: "aws-cli/2.15.0",
    requestID: `req-${account}-${region}-${n}`,
    eventID: `${account.slice(0, 8)}-0000-4000-8000-${String(n).padStart(12, "0")}`,
    readOnly: true,
    eventType: "AwsApiCall",
    managementEvent: true,
    recipientAccountId: account,
    eventCategory: "Management",
  };
}

export interface ChainOptions {
  account: string;
  region: string;
  trail?: string;
  /** The first digest's start (its hour's log files are delivered after it). */
  fromMs: number;
  hours: number;
  key: SigningKey;
  /** Extra records per file key, for duplicate deliveries. */
  extraRecords?: (fileKey: string) => object[];
}

/** One account-Region's log files and its chain of digests. */
export function signedChain(options: ChainOptions): TrailObject[] {
  const { account, region, fromMs, hours, key } = options;
  const trail = options.trail ?? "main-trail";
  const out: TrailObject[] = [];
  let previous: { object: string; sha256: string; signature: string } | null = null;
  for (let h = 0; h < hours; h++) {
    const start = fromMs + h * HOUR;
    const end = start + HOUR;
    const logs: TrailObject[] = [];
    for (let at = start + 5 * 60_000; at < end; at += 20 * 60_000) {
      const name = `${account}_CloudTrail_${region}_${stamp(at, false)}_${String(n).padStart(16, "0")}.json.gz`;
      const fileKey = `AWSLogs/${account}/CloudTrail/${region}/${datePath(at)}/${name}`;
      const records = [
        eventRecord(account, region, at - 60_000, n++),
        eventRecord(account, region, at - 30_000, n++),
      ];
      records.push(...((options.extraRecords?.(fileKey) ?? []) as typeof records));
      logs.push({ key: fileKey, json: JSON.stringify({ Records: records }) });
    }
    out.push(...logs);
    const digestKey =
      `AWSLogs/${account}/CloudTrail-Digest/${region}/${datePath(end)}/` +
      `${account}_CloudTrail-Digest_${region}_${trail}_us-east-1_${stamp(end, true)}.json.gz`;
    const digest = signedDigest(
      {
        account,
        startTime: iso(start),
        endTime: iso(end),
        bucket: BUCKET,
        object: digestKey,
        fingerprint: key.published.fingerprint,
        previous,
        logFiles: logs.map((l) => ({ object: l.key, sha256: sha256(l.json) })),
      },
      key.privateKey,
    );
    out.push({ key: digestKey, json: digest.json, signature: digest.signature });
    previous = { object: digestKey, sha256: digest.sha256, signature: digest.signature };
  }
  return out;
}

/** Writes the objects under `dir`, gzip, each digest's signature beside it in `<name>.sig`. */
export async function writeTrailFolder(dir: string, objects: TrailObject[]): Promise<void> {
  for (const o of objects) {
    const full = path.join(dir, o.key);
    await mkdir(path.dirname(full), { recursive: true });
    await writeFile(full, gzipSync(o.json));
    if (o.signature !== undefined) await writeFile(`${full}.sig`, `${o.signature}\n`);
  }
}

/** The objects as S3 holds them: gzip, each digest's signature in its metadata. */
export function asS3Objects(objects: TrailObject[]) {
  return objects.map((o) => ({
    key: o.key,
    body: gzipSync(o.json),
    ...(o.signature !== undefined ? { metadata: { signature: o.signature } } : {}),
  }));
}
