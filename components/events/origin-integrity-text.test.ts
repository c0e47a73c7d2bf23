import { describe, expect, it } from "vitest";
import {
  digestFileName,
  originIntegrityText,
  type OriginIntegrityText,
} from "./origin-integrity-text";

const DIGEST =
  "AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2026/11/02/111122223333_CloudTrail-Digest_us-east-1_org-trail_us-east-1_20261102T010000Z.json.gz";
const NAME =
  "111122223333_CloudTrail-Digest_us-east-1_org-trail_us-east-1_20261102T010000Z.json.gz";

/** The sentence as shown: badge, then the words around the digest's name. */
function sentence(text: OriginIntegrityText | null): string | null {
  return text && `${text.badge} ${text.before}${text.digest?.name ?? ""}${text.after}`;
}

describe("originIntegrityText", () => {
  it("names the digest by its file name and keeps the whole key", () => {
    const text = originIntegrityText({ status: "verified", digest: DIGEST });
    expect(sentence(text)).toBe(`Verified by digest ${NAME}`);
    expect(text?.digest?.key).toBe(DIGEST);
    expect(text?.failure).toBe(false);
  });

  it("says a modified file is a failure", () => {
    const text = originIntegrityText({ status: "modified", digest: DIGEST });
    expect(sentence(text)).toBe(`Modified — its SHA-256 differs from digest ${NAME}`);
    expect(text?.failure).toBe(true);
  });

  it("says an unverified file's digest could not be checked", () => {
    expect(sentence(originIntegrityText({ status: "unverified", digest: DIGEST }))).toBe(
      `Unverified — its hash matches digest ${NAME}, whose signature could not be checked`,
    );
  });

  it("says an uncovered file has no digest, and nothing for a file never hashed", () => {
    expect(sentence(originIntegrityText({ status: "uncovered", digest: null }))).toBe(
      "Not covered by any digest",
    );
    expect(originIntegrityText(null)).toBeNull();
    expect(originIntegrityText(undefined)).toBeNull();
  });

  it("still reads without the digest's name", () => {
    expect(sentence(originIntegrityText({ status: "modified", digest: null }))).toBe(
      "Modified — its SHA-256 differs from its digest",
    );
  });

  it("takes the last segment of a key or an s3 address", () => {
    expect(digestFileName("s3://bucket/a/b.json.gz")).toBe("b.json.gz");
    expect(digestFileName("b.json.gz")).toBe("b.json.gz");
    expect(digestFileName("a/b/")).toBe("b");
  });
});
