import { describe, expect, it } from "vitest";
import type { IntegrityReport } from "../integrity/integrity-schema";
import { integrityHighlight } from "./integrity-highlight";

const clean: IntegrityReport = {
  range: { from: "2026-11-04T00:00:00.000Z", to: "2026-11-05T00:00:00.000Z" },
  enabled: true,
  complete: true,
  files: { verified: 40, modified: 0, unverified: 0, uncovered: 3, missing: 0 },
  digests: { read: 24, valid: 24, invalid: 0, unverified: 0 },
  chains: [
    {
      source: "/t",
      account: "111122223333",
      region: "us-east-1",
      trail: "t",
      from: "2026-11-04T00:04:17Z",
      to: "2026-11-05T00:04:17Z",
      digests: 24,
      breaks: 0,
    },
  ],
  findings: [],
  findingsTotal: 0,
};

describe("integrityHighlight", () => {
  it("says nothing when the logs hold up (files no digest lists are not a failure)", () => {
    expect(integrityHighlight(clean)).toBeNull();
    expect(integrityHighlight({ ...clean, enabled: false })).toBeNull();
  });

  it("leads with every failure, in words, and opens the modified files' events", () => {
    const highlight = integrityHighlight({
      ...clean,
      files: { ...clean.files, modified: 1, missing: 2 },
      digests: { ...clean.digests, invalid: 1 },
      chains: [{ ...clean.chains[0]!, breaks: 3 }],
    });
    expect(highlight).toMatchObject({ kind: "integrity", severity: "high", actor: null });
    expect(highlight?.text).toContain(
      "1 log file modified after delivery, 2 log files missing, 1 digest invalid, 3 breaks in the digest chain",
    );
    expect(highlight?.filter).toEqual({ integrity: ["modified"] });
  });

  it("links to the whole range when no file was modified", () => {
    const highlight = integrityHighlight({ ...clean, files: { ...clean.files, missing: 1 } });
    expect(highlight?.filter).toEqual({});
  });
});
