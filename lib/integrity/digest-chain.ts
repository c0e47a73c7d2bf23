import { fileNameOf } from "./digest-file";
import type { DigestChain, IntegrityFinding } from "./integrity-schema";

/**
 * A trail's digests in one account and Region form a chain: each names the
 * digest before it, with that digest's SHA-256 and signature, and starts
 * where it ended (CloudTrail writes one every hour, even an empty one). What
 * the chain says is judged here, from the digests read: gaps (hours without a
 * digest: deleted ones), breaks (a digest that does not match what the next
 * one says of it: changed after it was chained) and restarts (a digest that
 * names no previous one: logging or validation stopped, then resumed).
 */

export interface ChainedDigest {
  source: string;
  key: string;
  account: string;
  region: string;
  trail: string;
  startTime: string | null;
  endTime: string | null;
  sha256: string;
  signature: string | null;
  s3Path: string | null;
  previousS3Path: string | null;
  previousSha256: string | null;
  previousSignature: string | null;
}

/** Digests a minute apart are contiguous (their times are to the second). */
const TOLERANCE_MS = 60_000;

function hours(ms: number): string {
  const h = ms / 3_600_000;
  return h >= 1.95
    ? `${Math.round(h)} hours`
    : h >= 0.95
      ? "an hour"
      : `${Math.round(ms / 60_000)} minutes`;
}

export function judgeChains(digests: readonly ChainedDigest[]): {
  chains: DigestChain[];
  findings: IntegrityFinding[];
} {
  const groups = new Map<string, ChainedDigest[]>();
  for (const d of digests) {
    if (d.startTime === null || d.endTime === null) continue;
    const id = `${d.source}\u0000${d.account}\u0000${d.region}\u0000${d.trail}`;
    const group = groups.get(id) ?? [];
    group.push(d);
    groups.set(id, group);
  }
  const chains: DigestChain[] = [];
  const findings: IntegrityFinding[] = [];
  for (const group of groups.values()) {
    group.sort(
      (a, b) => Date.parse(a.endTime!) - Date.parse(b.endTime!) || (a.key < b.key ? -1 : 1),
    );
    let breaks = 0;
    const finding = (
      kind: IntegrityFinding["kind"],
      digest: ChainedDigest,
      at: string | null,
      message: string,
    ) => {
      breaks += 1;
      findings.push({
        kind,
        severity: kind === "chain-restart" ? "warning" : "error",
        source: digest.source,
        file: digest.key,
        digest: null,
        at,
        message,
      });
    };
    for (let i = 1; i < group.length; i++) {
      const before = group[i - 1]!;
      const next = group[i]!;
      const gapMs = Date.parse(next.startTime!) - Date.parse(before.endTime!);
      if (next.previousS3Path === null) {
        finding(
          "chain-restart",
          next,
          next.startTime,
          `the chain starts again at ${next.startTime}: ${fileNameOf(next.key)} names no previous digest (logging or log file validation was stopped, then started)`,
        );
        continue;
      }
      if (gapMs > TOLERANCE_MS) {
        finding(
          "chain-gap",
          next,
          before.endTime,
          `no digest from ${before.endTime} to ${next.startTime} (${hours(gapMs)}): ${fileNameOf(next.key)} names ${fileNameOf(next.previousS3Path)} as the previous digest, which is missing (deleted?)`,
        );
        continue;
      }
      if (before.s3Path !== null && next.previousS3Path !== before.s3Path) {
        finding(
          "chain-break",
          next,
          next.startTime,
          `${fileNameOf(next.key)} names ${fileNameOf(next.previousS3Path)} as the previous digest, not ${fileNameOf(before.key)}, which ends where it starts`,
        );
        continue;
      }
      if (next.previousSha256 !== null && next.previousSha256 !== before.sha256) {
        finding(
          "chain-break",
          before,
          before.endTime,
          `${fileNameOf(before.key)} was changed after the next digest chained it: its SHA-256 is ${before.sha256}, ${fileNameOf(next.key)} says ${next.previousSha256}`,
        );
        continue;
      }
      if (
        before.signature !== null &&
        next.previousSignature !== null &&
        next.previousSignature !== before.signature
      ) {
        finding(
          "chain-break",
          before,
          before.endTime,
          `the signature of ${fileNameOf(before.key)} is not the one ${fileNameOf(next.key)} chains to: the digest was signed again or its signature replaced`,
        );
      }
    }
    const first = group[0]!;
    const last = group[group.length - 1]!;
    chains.push({
      source: first.source,
      account: first.account,
      region: first.region,
      trail: first.trail,
      from: first.startTime!,
      to: last.endTime!,
      digests: group.length,
      breaks,
    });
  }
  chains.sort(
    (a, b) =>
      a.source.localeCompare(b.source) ||
      a.account.localeCompare(b.account) ||
      a.region.localeCompare(b.region) ||
      a.trail.localeCompare(b.trail),
  );
  return { chains, findings };
}
