import { describe, expect, it } from "vitest";
import type { DigestChain, IntegrityReport } from "@/lib/integrity/integrity-schema";
import { integrityLine, integrityLineText } from "./integrity-line-text";

function chain(from: string, to: string, breaks = 0): DigestChain {
  return {
    source: "s3://trail-bucket/",
    account: "111122223333",
    region: "us-east-1",
    trail: "org-trail",
    from,
    to,
    digests: 24,
    breaks,
  };
}

function report(over: Partial<IntegrityReport> = {}): IntegrityReport {
  return {
    range: { from: "2026-11-02T00:00:00.000Z", to: "2026-11-07T00:00:00.000Z" },
    enabled: true,
    complete: true,
    files: { verified: 1204, modified: 0, unverified: 0, uncovered: 0, missing: 0 },
    digests: { read: 120, valid: 120, invalid: 0, unverified: 0 },
    chains: [
      chain("2026-11-04T00:00:00.000Z", "2026-11-06T23:00:00.000Z"),
      chain("2026-11-02T00:00:00.000Z", "2026-11-05T00:00:00.000Z"),
    ],
    findings: [],
    findingsTotal: 0,
    ...over,
  };
}

const files = (over: Partial<IntegrityReport["files"]>) => ({
  ...report().files,
  ...over,
});

describe("integrityLine", () => {
  it("says all is verified, over the span of every chain, calmly", () => {
    const line = integrityLine(report());
    expect(integrityLineText(line)).toBe(
      "Integrity: 1,204 files verified, 0 modified, chain unbroken 2026-11-02 00:00 to 2026-11-06 23:00 UTC",
    );
    expect(line.shown && line.tone).toBe("verified");
  });

  it("counts missing files and chain breaks as failures", () => {
    const line = integrityLine(
      report({
        files: files({ missing: 2 }),
        chains: [chain("2026-11-02T00:00:00Z", "2026-11-03T00:00:00Z", 1), chain("a", "b", 2)],
      }),
    );
    expect(integrityLineText(line)).toBe(
      "Integrity: 1,204 files verified, 0 modified, 2 missing, 3 chain breaks",
    );
    expect(line.shown && line.tone).toBe("failure");
    expect(line.shown && line.parts.filter((p) => p.failure).map((p) => p.key)).toEqual([
      "missing",
      "chains",
    ]);
  });

  it("shows unverified, not covered and invalid digests only when there are some", () => {
    const line = integrityLine(
      report({
        files: files({ verified: 1, modified: 1, unverified: 3, uncovered: 4 }),
        digests: { read: 10, valid: 8, invalid: 1, unverified: 1 },
        chains: [],
      }),
    );
    expect(integrityLineText(line)).toBe(
      "Integrity: 1 file verified, 1 modified, 3 unverified, 4 not covered, 1 digest with an invalid signature",
    );
    expect(line.shown && line.parts.map((p) => [p.key, p.filter])).toEqual([
      ["verified", "verified"],
      ["modified", "modified"],
      ["unverified", "unverified"],
      ["uncovered", "uncovered"],
      ["invalid-digests", null],
    ]);
    expect(line.shown && line.tone).toBe("failure");
  });

  it("is partial, not calm, when files are verified but some are not covered", () => {
    const line = integrityLine(report({ files: files({ uncovered: 5 }) }));
    expect(line.shown && line.tone).toBe("partial");
  });

  it("says when no digest covers the range", () => {
    const line = integrityLine(
      report({
        files: files({ verified: 0, uncovered: 31 }),
        digests: { read: 0, valid: 0, invalid: 0, unverified: 0 },
        chains: [],
      }),
    );
    expect(integrityLineText(line)).toBe(
      "Integrity: no digest files for this range (31 files not covered)",
    );
    expect(line.shown && line.parts.map((p) => p.filter)).toEqual(["uncovered"]);
  });

  it("says checking, with what is known, while the range loads", () => {
    const empty = report({
      complete: false,
      files: files({ verified: 0 }),
      digests: { read: 0, valid: 0, invalid: 0, unverified: 0 },
      chains: [],
    });
    expect(integrityLineText(integrityLine(empty))).toBe("Integrity: checking…");
    const partway = report({ complete: false, files: files({ verified: 10, uncovered: 2 }) });
    const line = integrityLine(partway);
    expect(integrityLineText(line)).toMatch(
      /^Integrity: checking… 10 files verified, 0 modified, 2 not covered, chain unbroken/,
    );
    // No digest read yet is not "no digest files": they may still be on their way.
    const noDigestsYet = integrityLine({ ...empty, files: files({ verified: 0, uncovered: 3 }) });
    expect(noDigestsYet.shown && noDigestsYet.noDigests).toBe(false);
  });

  it("is hidden when digest validation is off", () => {
    expect(integrityLine(report({ enabled: false }))).toEqual({ shown: false });
  });
});
