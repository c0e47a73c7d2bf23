import type { FileIntegrity, IntegrityStatus } from "@/lib/integrity/integrity-schema";
import { INTEGRITY_LABEL } from "./integrity-label";

/**
 * What the event detail says beside a file an event was read from, about that
 * file's standing against the trail's digests: a badge word, then a sentence
 * naming the digest (its file name; the whole key goes in a tooltip).
 */
export interface OriginIntegrityText {
  status: IntegrityStatus;
  badge: string;
  /** Words before the digest's name, the digest, words after it. */
  before: string;
  digest: { name: string; key: string } | null;
  after: string;
  failure: boolean;
}

/** `…/CloudTrail-Digest/us-east-1/2026/11/02/x_CloudTrail-Digest_….json.gz` -> its last segment. */
export function digestFileName(key: string): string {
  return key.split(/[/\\]/).findLast((segment) => segment !== "") ?? key;
}

/** The words for a file's standing; none for a file never hashed (Event history). */
export function originIntegrityText(
  integrity: FileIntegrity | null | undefined,
): OriginIntegrityText | null {
  if (!integrity) return null;
  const digest = integrity.digest
    ? { name: digestFileName(integrity.digest), key: integrity.digest }
    : null;
  // Without a digest's name the sentence still reads: "…differs from its digest".
  const named = (words: string) => (digest ? `${words} digest ` : `${words} its digest`);
  const withDigest = { digest, failure: false, status: integrity.status };
  switch (integrity.status) {
    case "verified":
      return { ...withDigest, badge: INTEGRITY_LABEL.verified, before: named("by"), after: "" };
    case "modified":
      return {
        ...withDigest,
        badge: INTEGRITY_LABEL.modified,
        before: named("— its SHA-256 differs from"),
        after: "",
        failure: true,
      };
    case "unverified":
      return {
        ...withDigest,
        badge: INTEGRITY_LABEL.unverified,
        before: named("— its hash matches"),
        after: ", whose signature could not be checked",
      };
    case "uncovered":
      return {
        status: "uncovered",
        badge: INTEGRITY_LABEL.uncovered,
        before: "by any digest",
        digest: null,
        after: "",
        failure: false,
      };
  }
}
