import { createHash } from "node:crypto";
import {
  HOME_REGION,
  ORGANIZATION_ID,
  PROD,
  TRAIL_BUCKET,
  TRAIL_NAME,
  type AccountId,
  type Region,
} from "./config";
import { serializeJson, type SerializedFile } from "./deliver";
import { Rng } from "./prng";
import { HOUR, datePath, digestStamp, iso } from "./time";
import type { JsonObject } from "./types";

/**
 * A short chain of hourly digest files for one account and Region around the
 * incident. Each lists the log files delivered in its hour with the SHA-256 of
 * the uncompressed file, and points at the previous digest. Signatures are
 * random hex: these digests are shaped like real ones but cannot be verified.
 */

export const DIGEST_SCOPE = {
  account: PROD as AccountId,
  region: "us-east-1" as Region,
  /** Validation was switched on at this odd second, as real chains start. */
  fromMs: Date.UTC(2026, 10, 4, 0, 4, 17),
  hours: 6,
};

function digestKey(account: AccountId, region: Region, endMs: number): string {
  return (
    `AWSLogs/${ORGANIZATION_ID}/${account}/CloudTrail-Digest/${region}/${datePath(endMs)}/` +
    `${account}_CloudTrail-Digest_${region}_${TRAIL_NAME}_${HOME_REGION}_${digestStamp(endMs)}.json.gz`
  );
}

export function digests(logFiles: readonly SerializedFile[]): SerializedFile[] {
  const rng = Rng.stream("digests");
  const { account, region } = DIGEST_SCOPE;
  const fingerprint = rng.hex(32);
  const out: SerializedFile[] = [];
  let previous: { key: string; sha256: string; signature: string } | null = null;
  for (let h = 0; h < DIGEST_SCOPE.hours; h++) {
    const startMs = DIGEST_SCOPE.fromMs + h * HOUR;
    const endMs = startMs + HOUR;
    const listed = logFiles.filter(
      (f) =>
        f.kind === "events" &&
        f.account === account &&
        f.region === region &&
        f.deliveryMs >= startMs &&
        f.deliveryMs < endMs,
    );
    const times = listed
      .flatMap((f) => [f.oldestEventTime, f.newestEventTime])
      .filter((t): t is string => t !== null)
      .sort();
    const key = digestKey(account, region, endMs);
    const body: JsonObject = {
      awsAccountId: account,
      digestStartTime: iso(startMs),
      digestEndTime: iso(endMs),
      digestS3Bucket: TRAIL_BUCKET,
      digestS3Object: key,
      digestPublicKeyFingerprint: fingerprint,
      digestSignatureAlgorithm: "SHA256withRSA",
      newestEventTime: times[times.length - 1] ?? null,
      oldestEventTime: times[0] ?? null,
      previousDigestS3Bucket: previous ? TRAIL_BUCKET : null,
      previousDigestS3Object: previous ? previous.key : null,
      previousDigestHashValue: previous ? previous.sha256 : null,
      previousDigestHashAlgorithm: previous ? "SHA-256" : null,
      previousDigestSignature: previous ? previous.signature : null,
      logFiles: listed.map((f) => ({
        s3Bucket: TRAIL_BUCKET,
        s3Object: f.key,
        hashValue: f.sha256,
        hashAlgorithm: "SHA-256",
        newestEventTime: f.newestEventTime,
        oldestEventTime: f.oldestEventTime,
      })),
    };
    const json = JSON.stringify(body);
    const file = serializeJson(
      { key, kind: "digest", account, region, deliveryMs: endMs },
      json,
      null,
      null,
    );
    out.push(file);
    previous = {
      key,
      sha256: createHash("sha256").update(json).digest("hex"),
      signature: rng.hex(512),
    };
  }
  return out;
}
