import { describe, expect, it } from "vitest";
import { cutRange, type HourCount } from "./time-slices";

const range = { from: "2026-11-04T00:30:00.000Z", to: "2026-11-04T10:00:00.000Z" };

/** Hours 01:00 to 09:00 of the range's day with `counts` events each. */
function hours(counts: number[]): HourCount[] {
  return counts.map((n, i) => ({ hour: `2026-11-04T0${i + 1}:00:00.000Z`, n }));
}

describe("cutRange", () => {
  it("cuts at whole hours into slices of about as many events, covering the range", () => {
    const slices = cutRange(range, hours([10, 10, 10, 10, 10, 10, 10, 10, 10]), 3);
    expect(slices).toEqual([
      { from: range.from, to: "2026-11-04T04:00:00.000Z", last: false },
      { from: "2026-11-04T04:00:00.000Z", to: "2026-11-04T07:00:00.000Z", last: false },
      { from: "2026-11-04T07:00:00.000Z", to: range.to, last: true },
    ]);
  });

  it("follows where the events are", () => {
    const slices = cutRange(range, hours([0, 0, 0, 0, 0, 0, 100, 100, 0]), 2);
    expect(slices.map((s) => s.to)).toEqual(["2026-11-04T08:00:00.000Z", range.to]);
  });

  it("keeps the range whole when there is nothing to cut by", () => {
    const whole = [{ from: range.from, to: range.to, last: true }];
    expect(cutRange(range, hours([0, 0, 0]), 3)).toEqual(whole);
    expect(cutRange(range, hours([5]), 3)).toEqual(whole);
    expect(cutRange(range, hours([5, 5, 5]), 1)).toEqual(whole);
  });
});
