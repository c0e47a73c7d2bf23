import { gunzipSync } from "node:zlib";
import type { DigestRef } from "../sources/source-types";
import type { DigestStatus } from "./integrity-schema";
import type { ChainedDigest } from "./digest-chain";
import type { DigestKeyring } from "./digest-keys";
import {
  type DigestFile,
  digestNameOf,
  digestSigningString,
  fileNameOf,
  parseDigestFile,
} from "./digest-file";
import { verifyDigestSignature } from "./digest-signature";

/**
 * One digest read and judged: parsed, hashed, its signature checked with the
 * key its fingerprint names. What the store keeps of it (lib/store/digests.ts).
 */

/** A digest past this (uncompressed) is not one: real ones list an hour of files. */
const MAX_DIGEST_BYTES = 64 * 1024 ** 2;

export interface ReadDigest extends ChainedDigest {
  version: string;
  status: DigestStatus | "unreadable";
  reason: string | null;
  logs: { s3Object: string; name: string; sha256: string }[];
}

/** An instant as the store takes it; null when the digest's text is not one. */
function instant(text: string): string | null {
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

const s3Path = (bucket: string | null | undefined, object: string | null | undefined) =>
  bucket && object ? `${bucket}/${object}` : null;

function unreadable(ref: DigestRef, sha256: string, reason: string): ReadDigest {
  const name = digestNameOf(ref.key);
  return {
    source: ref.source,
    key: ref.key,
    version: ref.version,
    account: name?.account ?? "",
    region: name?.region ?? "",
    trail: name?.trail ?? "",
    startTime: null,
    endTime: null,
    sha256,
    signature: null,
    s3Path: null,
    previousS3Path: null,
    previousSha256: null,
    previousSignature: null,
    status: "unreadable",
    reason,
    logs: [],
  };
}

async function judgeSignature(
  digest: DigestFile,
  sha256: string,
  region: string,
  signature: string | null,
  noSignature: string,
  keyring: DigestKeyring,
): Promise<{ status: DigestStatus; reason: string | null }> {
  if (signature === null) return { status: "unverified", reason: noSignature };
  const fingerprint = digest.digestPublicKeyFingerprint;
  if (!fingerprint) return { status: "invalid", reason: "it names no public key fingerprint" };
  const endMs = Date.parse(digest.digestEndTime);
  const key = await keyring.lookup(region, fingerprint, Number.isNaN(endMs) ? Date.now() : endMs);
  if ("unavailable" in key) return { status: "unverified", reason: key.unavailable };
  if ("unknown" in key) return { status: "invalid", reason: key.unknown };
  let valid: boolean;
  try {
    valid = verifyDigestSignature(digestSigningString(digest, sha256), signature, key.found.der);
  } catch (error) {
    return {
      status: "unverified",
      reason: `its key could not be used: ${(error as Error).message}`,
    };
  }
  return valid
    ? { status: "valid", reason: null }
    : {
        status: "invalid",
        reason: "its signature does not match its content: the digest or its signature was changed",
      };
}

export async function readDigest(ref: DigestRef, keyring: DigestKeyring): Promise<ReadDigest> {
  let stored: Awaited<ReturnType<DigestRef["read"]>>;
  try {
    stored = await ref.read();
  } catch (error) {
    return unreadable(ref, "", `could not be read: ${(error as Error).message}`);
  }
  let plain: Buffer;
  try {
    const gzip = stored.bytes[0] === 0x1f && stored.bytes[1] === 0x8b;
    plain = gzip ? gunzipSync(stored.bytes, { maxOutputLength: MAX_DIGEST_BYTES }) : stored.bytes;
  } catch (error) {
    return unreadable(ref, "", `is not readable gzip: ${(error as Error).message}`);
  }
  const parsed = parseDigestFile(plain);
  if (!parsed.ok) return unreadable(ref, parsed.sha256, `is ${parsed.message}`);
  const { digest, sha256 } = parsed;
  const name = digestNameOf(ref.key) ?? digestNameOf(digest.digestS3Object);
  const region = name?.region ?? "";
  const judged = await judgeSignature(
    digest,
    sha256,
    region,
    stored.signature,
    stored.noSignature,
    keyring,
  );
  return {
    source: ref.source,
    key: ref.key,
    version: ref.version,
    account: name?.account ?? digest.awsAccountId,
    region,
    trail: name?.trail ?? "",
    startTime: instant(digest.digestStartTime),
    endTime: instant(digest.digestEndTime),
    sha256,
    signature: stored.signature,
    s3Path: s3Path(digest.digestS3Bucket, digest.digestS3Object),
    previousS3Path: s3Path(digest.previousDigestS3Bucket, digest.previousDigestS3Object),
    previousSha256: digest.previousDigestHashValue?.toLowerCase() ?? null,
    previousSignature: digest.previousDigestSignature?.toLowerCase() ?? null,
    ...judged,
    logs: digest.logFiles.map((f) => ({
      s3Object: f.s3Object,
      name: fileNameOf(f.s3Object),
      sha256: f.hashValue.toLowerCase(),
    })),
  };
}
