import { createHash } from "node:crypto";
import { z } from "zod";

/**
 * A CloudTrail digest file (hourly, per account, Region and trail): the log
 * files delivered in its hour with the SHA-256 of each one's uncompressed
 * content, and what it says of the digest before it (the chain). Documented
 * in "CloudTrail digest file structure"; other fields are kept and ignored.
 */

const text = z.string();
const maybe = z.string().nullish();

const loggedFileSchema = z.looseObject({
  s3Bucket: text,
  s3Object: text,
  hashValue: text,
  hashAlgorithm: maybe,
  newestEventTime: maybe,
  oldestEventTime: maybe,
});

export const digestFileSchema = z.looseObject({
  awsAccountId: text,
  digestStartTime: text,
  digestEndTime: text,
  digestS3Bucket: text,
  digestS3Object: text,
  digestPublicKeyFingerprint: maybe,
  digestSignatureAlgorithm: maybe,
  newestEventTime: maybe,
  oldestEventTime: maybe,
  previousDigestS3Bucket: maybe,
  previousDigestS3Object: maybe,
  previousDigestHashValue: maybe,
  previousDigestHashAlgorithm: maybe,
  previousDigestSignature: maybe,
  logFiles: z.array(loggedFileSchema),
});
export type DigestFile = z.infer<typeof digestFileSchema>;

export type ParsedDigest =
  { ok: true; digest: DigestFile; sha256: string } | { ok: false; sha256: string; message: string };

/** The digest in `plain` (its uncompressed bytes), and their SHA-256 (what the next digest names). */
export function parseDigestFile(plain: Buffer): ParsedDigest {
  const sha256 = createHash("sha256").update(plain).digest("hex");
  let value: unknown;
  try {
    value = JSON.parse(plain.toString("utf8"));
  } catch (error) {
    return { ok: false, sha256, message: `not JSON: ${(error as Error).message}` };
  }
  const parsed = digestFileSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join(".") || "the file";
    return {
      ok: false,
      sha256,
      message: `not a CloudTrail digest: ${where}: ${issue?.message ?? "unexpected shape"}`,
    };
  }
  return { ok: true, digest: parsed.data, sha256 };
}

/**
 * The text CloudTrail signs (SHA256withRSA) for a digest: its end time, its S3
 * path, the hex SHA-256 of its uncompressed content, and the previous
 * digest's signature ("null" for the first digest of a chain).
 */
export function digestSigningString(digest: DigestFile, sha256: string): string {
  return [
    digest.digestEndTime,
    `${digest.digestS3Bucket}/${digest.digestS3Object}`,
    sha256,
    digest.previousDigestSignature ?? "null",
  ].join("\n");
}

/** What a digest's key says: `<account>_CloudTrail-Digest_<region>_<trail>_<homeRegion>_<end>.json.gz`. */
export interface DigestName {
  account: string;
  region: string;
  trail: string;
}

const DIGEST_NAME =
  /(\d{12})_CloudTrail-Digest_([a-z]{2}(?:-[a-z]+)+-\d+)_(.+)_[a-z]{2}(?:-[a-z]+)+-\d+_\d{8}T\d{4,6}Z(?:\.json)?(?:\.gz)?$/;

export function digestNameOf(key: string): DigestName | null {
  const match = DIGEST_NAME.exec(fileNameOf(key));
  if (!match) return null;
  return { account: match[1]!, region: match[2]!, trail: match[3]! };
}

/** The last path segment: digests list log files by S3 key, a local copy keeps the names. */
export function fileNameOf(key: string): string {
  return key.slice(key.lastIndexOf("/") + 1);
}
