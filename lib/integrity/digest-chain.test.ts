import { describe, expect, it } from "vitest";
import { type ChainedDigest, judgeChains } from "./digest-chain";

const HOUR = 3_600_000;
const start = Date.parse("2026-03-01T00:04:17Z");
const iso = (ms: number) => new Date(ms).toISOString().replace(".000", "");

function chain(hours: number): ChainedDigest[] {
  const out: ChainedDigest[] = [];
  for (let h = 0; h < hours; h++) {
    const before = out[h - 1];
    out.push({
      source: "/t",
      key: `d${h}.json.gz`,
      account: "111122223333",
      region: "us-east-1",
      trail: "t",
      startTime: iso(start + h * HOUR),
      endTime: iso(start + (h + 1) * HOUR),
      sha256: `hash${h}`,
      signature: `sig${h}`,
      s3Path: `b/d${h}.json.gz`,
      previousS3Path: before ? before.s3Path : null,
      previousSha256: before ? before.sha256 : null,
      previousSignature: before ? before.signature : null,
    });
  }
  return out;
}

describe("judgeChains", () => {
  it("finds nothing in an unbroken chain, and spans its hours", () => {
    const { chains, findings } = judgeChains(chain(4).reverse());
    expect(findings).toEqual([]);
    expect(chains).toEqual([
      expect.objectContaining({
        digests: 4,
        breaks: 0,
        from: iso(start),
        to: iso(start + 4 * HOUR),
      }),
    ]);
  });

  it("names a gap, a changed digest, a replaced signature and a restart", () => {
    const gap = chain(4).filter((d) => d.key !== "d2.json.gz");
    expect(judgeChains(gap).findings.map((f) => f.kind)).toEqual(["chain-gap"]);
    const changed = chain(3);
    changed[1]!.sha256 = "other";
    expect(judgeChains(changed).findings).toEqual([
      expect.objectContaining({ kind: "chain-break", file: "d1.json.gz" }),
    ]);
    const resigned = chain(3);
    resigned[1]!.signature = "other";
    expect(judgeChains(resigned).findings.map((f) => f.kind)).toEqual(["chain-break"]);
    const restarted = chain(3);
    restarted[2]!.previousS3Path = null;
    expect(judgeChains(restarted).findings).toEqual([
      expect.objectContaining({ kind: "chain-restart", severity: "warning" }),
    ]);
  });

  it("keeps the chains of Regions and trails apart", () => {
    const other = chain(2).map((d) => ({ ...d, region: "eu-west-1" }));
    const { chains, findings } = judgeChains([...chain(2), ...other]);
    expect(findings).toEqual([]);
    expect(chains.map((c) => c.region)).toEqual(["eu-west-1", "us-east-1"]);
  });
});
