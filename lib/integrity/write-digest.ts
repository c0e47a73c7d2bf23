import { createHash, type KeyObject } from "node:crypto";
import { type DigestFile, digestSigningString } from "./digest-file";
import { signDigestString } from "./digest-signature";

/**
 * A digest file written and signed as CloudTrail writes one: for the bundled
 * sample, the bench's trail and the tests, which sign their own digests with
 * keys of their own. Fields in CloudTrail's order.
 */

export interface DigestParts {
  account: string;
  /** As the digest states them (ISO 8601, UTC). */
  startTime: string;
  endTime: string;
  bucket: string;
  /** The digest's own key in the bucket. */
  object: string;
  fingerprint: string;
  newestEventTime?: string | null;
  oldestEventTime?: string | null;
  /** The digest before it in the chain (null: the chain starts here). */
  previous: { object: string; sha256: string; signature: string } | null;
  logFiles: {
    object: string;
    /** Hex SHA-256 of the log file's uncompressed content. */
    sha256: string;
    newestEventTime?: string | null;
    oldestEventTime?: string | null;
  }[];
}

export interface SignedDigest {
  body: DigestFile;
  /** The uncompressed JSON text, its SHA-256 (hex), and its signature (hex). */
  json: string;
  sha256: string;
  signature: string;
}

export function signedDigest(parts: DigestParts, privateKey: KeyObject): SignedDigest {
  const { previous } = parts;
  const body = {
    awsAccountId: parts.account,
    digestStartTime: parts.startTime,
    digestEndTime: parts.endTime,
    digestS3Bucket: parts.bucket,
    digestS3Object: parts.object,
    digestPublicKeyFingerprint: parts.fingerprint,
    digestSignatureAlgorithm: "SHA256withRSA",
    newestEventTime: parts.newestEventTime ?? null,
    oldestEventTime: parts.oldestEventTime ?? null,
    previousDigestS3Bucket: previous ? parts.bucket : null,
    previousDigestS3Object: previous?.object ?? null,
    previousDigestHashValue: previous?.sha256 ?? null,
    previousDigestHashAlgorithm: previous ? "SHA-256" : null,
    previousDigestSignature: previous?.signature ?? null,
    logFiles: parts.logFiles.map((f) => ({
      s3Bucket: parts.bucket,
      s3Object: f.object,
      hashValue: f.sha256,
      hashAlgorithm: "SHA-256",
      newestEventTime: f.newestEventTime ?? null,
      oldestEventTime: f.oldestEventTime ?? null,
    })),
  } satisfies DigestFile;
  const json = JSON.stringify(body);
  const sha256 = createHash("sha256").update(json, "utf8").digest("hex");
  const signature = signDigestString(digestSigningString(body, sha256), privateKey);
  return { body, json, sha256, signature };
}
