import { describe, expect, it } from "vitest";
import { changeRisk, insightRatioRisk, isNewAddress, NO_CONTEXT, RISK, severityOf } from "./risk";

describe("risk", () => {
  it("shows a risk as a severity: high from 70, medium from 40", () => {
    expect([100, 70, 69, 40, 39, 0].map(severityOf)).toEqual([
      "high",
      "high",
      "medium",
      "medium",
      "info",
      "info",
    ]);
  });

  it("raises a change from a new address and an actor's first, lowers one that failed, below 100", () => {
    const base = RISK.iamAccess;
    expect(changeRisk(base, NO_CONTEXT)).toBe(50);
    expect(changeRisk(base, { ...NO_CONTEXT, newAddresses: ["185.220.101.47"] })).toBe(70);
    expect(changeRisk(base, { ...NO_CONTEXT, firstInData: true })).toBe(55);
    expect(changeRisk(base, { ...NO_CONTEXT, allFailed: true })).toBe(35);
    const everything = { newAddresses: ["185.220.101.47"], firstInData: true, allFailed: false };
    expect(changeRisk(RISK.loggingOff, everything)).toBe(99);
  });

  it("adds for an Insights rate far above its baseline, 5 per tenfold from 10x, at most 20", () => {
    expect(insightRatioRisk(null)).toBe(0);
    expect(insightRatioRisk(8)).toBe(0);
    expect(insightRatioRisk(100)).toBeCloseTo(5);
    expect(insightRatioRisk(54_762)).toBeCloseTo(18.69, 1);
    expect(insightRatioRisk(10_000_000)).toBe(20);
  });

  it("calls an address new to the data when first seen in the range after a day of data without it", () => {
    const range = { from: "2026-11-04T00:00:00.000Z", to: "2026-11-04T23:59:59.000Z" };
    const dataStart = "2026-11-02T00:06:50.000Z";
    expect(isNewAddress("2026-11-04T02:10:14.000Z", dataStart, range)).toBe(true);
    // Seen before the range: not new in it.
    expect(isNewAddress("2026-11-03T09:00:00.000Z", dataStart, range)).toBe(false);
    // Less than a day of data before it: nothing to judge against.
    expect(isNewAddress("2026-11-04T02:10:14.000Z", "2026-11-03T12:00:00.000Z", range)).toBe(false);
    expect(isNewAddress("2026-11-05T00:00:01.000Z", dataStart, range)).toBe(false);
  });
});
