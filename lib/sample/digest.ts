import { signedDigest } from "../integrity/write-digest";
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
import { SAMPLE_DIGEST_KEY_FINGERPRINT, SAMPLE_DIGEST_PRIVATE_KEY } from "./digest-signing-key";
import { HOUR, datePath, digestStamp, iso } from "./time";

/**
 * A short chain of hourly digest files for one account and Region around the
 * incident. Each lists the log files delivered in its hour with the SHA-256 of
 * the uncompressed file, and points at the previous digest. Each is signed as
 * CloudTrail signs (SHA256withRSA over the documented signing string), with
 * the sample's own key (digest-signing-key.ts), so the chain verifies.
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

export interface SignedDigest {
  file: SerializedFile;
  /** Hex signature, what S3 keeps in the object's x-amz-meta-signature. */
  signature: string;
  /** The log files it lists, in order. */
  logFileKeys: string[];
}

export function digests(logFiles: readonly SerializedFile[]): SignedDigest[] {
  const { account, region } = DIGEST_SCOPE;
  const out: SignedDigest[] = [];
  let previous: { object: string; sha256: string; signature: string } | null = null;
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
    const { json, signature } = signedDigest(
      {
        account,
        startTime: iso(startMs),
        endTime: iso(endMs),
        bucket: TRAIL_BUCKET,
        object: key,
        fingerprint: SAMPLE_DIGEST_KEY_FINGERPRINT,
        newestEventTime: times[times.length - 1] ?? null,
        oldestEventTime: times[0] ?? null,
        previous,
        logFiles: listed.map((f) => ({
          object: f.key,
          sha256: f.sha256,
          newestEventTime: f.newestEventTime,
          oldestEventTime: f.oldestEventTime,
        })),
      },
      SAMPLE_DIGEST_PRIVATE_KEY,
    );
    const file = serializeJson(
      { key, kind: "digest", account, region, deliveryMs: endMs },
      json,
      null,
      null,
    );
    out.push({ file, signature, logFileKeys: listed.map((f) => f.key) });
    previous = { object: key, sha256: file.sha256, signature };
  }
  return out;
}
