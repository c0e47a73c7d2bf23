import { describe, expect, it } from "vitest";
import { bucketSecondsFor, bucketSpan, bucketStarts, describeWindow, stepLabel } from "./timeline";

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

describe("a span of buckets (the histogram's brush)", () => {
  const range = { from: "2026-11-04T02:07:00.000Z", to: "2026-11-04T03:52:30.000Z" };
  const starts = bucketStarts(range.from, range.to, 900).map((t) => new Date(t).toISOString());

  it("runs from the first bucket's start to 1 ms before the last one's end, in either order", () => {
    expect(bucketSpan(starts, 900, 1, 3, range)).toEqual({
      from: "2026-11-04T02:15:00.000Z",
      to: "2026-11-04T02:59:59.999Z",
    });
    expect(bucketSpan(starts, 900, 3, 1, range)).toEqual(bucketSpan(starts, 900, 1, 3, range));
    expect(bucketSpan(starts, 900, 2, 2, range)).toEqual({
      from: "2026-11-04T02:30:00.000Z",
      to: "2026-11-04T02:44:59.999Z",
    });
  });

  it("stays inside the view's range at both ends", () => {
    expect(bucketSpan(starts, 900, 0, starts.length - 1, range)).toEqual(range);
    expect(bucketSpan(starts, 900, -4, 99, range)).toEqual(range);
  });

  it("names the step", () => {
    expect([10, 60, 900, 3 * 3600, 86_400].map(stepLabel)).toEqual([
      "10 s",
      "1 min",
      "15 min",
      "3 h",
      "1 day",
    ]);
  });
});
