import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { digestNameOf, digestSigningString, parseDigestFile } from "./digest-file";
import {
  publicKeyDer,
  publicKeyFingerprint,
  signDigestString,
  verifyDigestSignature,
} from "./digest-signature";

/** A digest in the documented shape ("CloudTrail digest file structure"), slashes escaped as AWS writes them. */
const DIGEST_TEXT = `{"awsAccountId":"111122223333","digestStartTime":"2026-03-01T00:04:17Z","digestEndTime":"2026-03-01T01:04:17Z","digestS3Bucket":"trail-bucket","digestS3Object":"AWSLogs\\/111122223333\\/CloudTrail-Digest\\/eu-west-1\\/2026\\/03\\/01\\/111122223333_CloudTrail-Digest_eu-west-1_org_trail_us-east-1_20260301T010417Z.json.gz","digestPublicKeyFingerprint":"31e8b5433410dfb61a9dc45cc65b22ff","digestSignatureAlgorithm":"SHA256withRSA","newestEventTime":null,"oldestEventTime":null,"previousDigestS3Bucket":null,"previousDigestS3Object":null,"previousDigestHashValue":null,"previousDigestHashAlgorithm":null,"previousDigestSignature":null,"logFiles":[{"s3Bucket":"trail-bucket","s3Object":"AWSLogs\\/111122223333\\/CloudTrail\\/eu-west-1\\/2026\\/03\\/01\\/111122223333_CloudTrail_eu-west-1_20260301T0010Z_abc.json.gz","hashValue":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08","hashAlgorithm":"SHA-256","newestEventTime":"2026-03-01T00:09:00Z","oldestEventTime":"2026-03-01T00:05:00Z"}]}`;

describe("parseDigestFile", () => {
  it("reads the documented shape and hashes the bytes as delivered", () => {
    const parsed = parseDigestFile(Buffer.from(DIGEST_TEXT));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.digest.logFiles[0]?.s3Object).toContain("/2026/03/01/");
    expect(parsed.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(parseDigestFile(Buffer.from(`${DIGEST_TEXT} `)).sha256).not.toBe(parsed.sha256);
  });

  it("says why a file is not a digest", () => {
    const notJson = parseDigestFile(Buffer.from("{oops"));
    expect(notJson).toMatchObject({ ok: false, message: expect.stringContaining("not JSON") });
    const records = parseDigestFile(Buffer.from('{"Records":[]}'));
    expect(records).toMatchObject({ ok: false, message: expect.stringContaining("awsAccountId") });
  });
});

describe("digest names and signatures", () => {
  it("reads account, Region and trail (underscores included) from the key", () => {
    expect(
      digestNameOf(
        "x/111122223333_CloudTrail-Digest_eu-west-1_org_trail_us-east-1_20260301T010417Z.json.gz",
      ),
    ).toEqual({ account: "111122223333", region: "eu-west-1", trail: "org_trail" });
    expect(digestNameOf("AWSLogs/111122223333/CloudTrail/eu-west-1/a.json.gz")).toBeNull();
  });

  it("signs the documented string: end time, S3 path, hash, previous signature ('null' first)", () => {
    const parsed = parseDigestFile(Buffer.from(DIGEST_TEXT));
    if (!parsed.ok) throw new Error(parsed.message);
    const text = digestSigningString(parsed.digest, parsed.sha256);
    expect(text.split("\n")).toEqual([
      "2026-03-01T01:04:17Z",
      `trail-bucket/${parsed.digest.digestS3Object}`,
      parsed.sha256,
      "null",
    ]);
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const der = publicKeyDer(publicKey);
    const signature = signDigestString(text, privateKey);
    expect(verifyDigestSignature(text, signature, der)).toBe(true);
    expect(verifyDigestSignature(`${text}x`, signature, der)).toBe(false);
    expect(verifyDigestSignature(text, "not hex", der)).toBe(false);
    expect(publicKeyFingerprint(der)).toMatch(/^[0-9a-f]{32}$/);
  });
});
