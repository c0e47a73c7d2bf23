import { describe, expect, it } from "vitest";
import { bucketSecondsFor, bucketStarts, describeWindow } from "./timeline";

const span = (from: string, to: string) => {
  const step = bucketSecondsFor(from, to);
  return { step, count: bucketStarts(from, to, step).length };
};

describe("timeline buckets", () => {
  it("picks a readable step that gives 24 to 100 buckets", () => {
    expect(span("2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z")).toEqual({ step: 900, count: 96 });
    expect(span("2026-11-01T00:00:00Z", "2026-11-08T00:00:00Z")).toEqual({
      step: 3 * 3600,
      count: 56,
    });
    expect(span("2026-11-01T00:00:00Z", "2026-11-01T01:00:00Z")).toEqual({ step: 60, count: 60 });
    expect(span("2026-08-01T00:00:00Z", "2026-10-30T00:00:00Z")).toEqual({
      step: 86_400,
      count: 90,
    });
  });

  it("aligns buckets on UTC multiples of the step, covering both ends", () => {
    const starts = bucketStarts("2026-11-01T10:07:00Z", "2026-11-01T12:00:00Z", 900);
    expect(new Date(starts[0]!).toISOString()).toBe("2026-11-01T10:00:00.000Z");
    expect(new Date(starts[starts.length - 1]!).toISOString()).toBe("2026-11-01T11:45:00.000Z");
  });

  it("names the baseline window", () => {
    expect(describeWindow(86_400_000)).toBe("the previous 24 hours");
    expect(describeWindow(7 * 86_400_000)).toBe("the previous 7 days");
    expect(describeWindow(3_600_000)).toBe("the previous hour");
    expect(describeWindow(90 * 60_000)).toBe("the previous 90 minutes");
  });
});
