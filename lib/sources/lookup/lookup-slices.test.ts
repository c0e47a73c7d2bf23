import { describe, expect, it } from "vitest";
import { HISTORY_MS, lookupSlices } from "./lookup-slices";
import { RequestRateLimiter } from "./request-rate-limiter";

describe("lookupSlices", () => {
  const now = Date.parse("2026-11-06T12:10:00Z");

  it("cuts a range into hourly management and daily Insights windows, final once settled", () => {
    const slices = lookupSlices({ from: "2026-11-06T10:30:00Z", to: "2026-11-06T12:05:00Z" }, now);
    expect(slices.map((s) => [s.key, s.version])).toEqual([
      ["management/2026-11-06T10", "final"],
      ["management/2026-11-06T11", `live@${now}`], // ended 10 minutes ago: events may still arrive
      ["management/2026-11-06T12", `live@${now}`],
      ["insight/2026-11-06", `live@${now}`],
    ]);
    expect(slices[0]).toMatchObject({
      from: "2026-11-06T10:00:00.000Z",
      to: "2026-11-06T11:00:00.000Z",
    });
  });

  it("stops at now and at the 90 days Event history keeps", () => {
    expect(lookupSlices({ from: "2026-11-07T00:00:00Z", to: "2026-11-08T00:00:00Z" }, now)).toEqual(
      [],
    );
    const old = lookupSlices(
      {
        from: new Date(now - HISTORY_MS - 86_400_000).toISOString(),
        to: new Date(now - HISTORY_MS + 1).toISOString(),
      },
      now,
    );
    expect(old.filter((s) => s.category === "management")).toHaveLength(1);
  });
});

describe("RequestRateLimiter", () => {
  it("hands out slots at least spacingMs apart, in call order, and backs off for everyone", async () => {
    let clock = 1_000;
    const slept: number[] = [];
    const limiter = new RequestRateLimiter(
      500,
      () => clock,
      async (ms) => {
        slept.push(ms);
      },
    );
    await Promise.all([limiter.acquire(), limiter.acquire(), limiter.acquire()]);
    expect(slept).toEqual([500, 1000]);
    clock = 2_500; // the next free slot is now
    limiter.backOff(3_000);
    await limiter.acquire();
    expect(slept).toEqual([500, 1000, 3000]);
  });
});

describe("lookupSlices with a lookup attribute", () => {
  const now = Date.parse("2026-11-08T00:00:00Z");
  const scope = {
    categories: ["management", "insight"] as ("management" | "insight")[],
    attribute: { key: "EventName" as const, value: "CreateUser" },
    insightAttribute: null,
  };

  it("reads filtered management windows by the day, covered by that day's hourly windows", () => {
    const slices = lookupSlices(
      { from: "2026-11-06T10:00:00Z", to: "2026-11-06T12:00:00Z" },
      now,
      scope,
    );
    expect(slices.map((s) => [s.key, s.version, s.attribute?.key ?? null])).toEqual([
      ["management/2026-11-06?EventName=CreateUser", "final", "EventName"],
      ["insight/2026-11-06", "final", null],
    ]);
    const covered = slices[0]!.coveredBy;
    expect(covered).toHaveLength(24);
    expect(covered[0]).toEqual({ key: "management/2026-11-06T00", version: "final" });
    expect(covered[23]).toEqual({ key: "management/2026-11-06T23", version: "final" });
    expect(slices[1]!.coveredBy).toEqual([]);
  });
});
