import { describe, expect, it } from "vitest";
import { RecentUse } from "./recent-use";

describe("RecentUse", () => {
  it("adds each user's query time and lets it fade by half every half-life", () => {
    let now = 0;
    const use = new RecentUse(15_000, () => now);
    use.add("alice", 4_000);
    use.add("alice", 4_000);
    expect(use.of("alice")).toBe(8_000);
    expect(use.of("bob")).toBe(0);
    now = 15_000;
    expect(use.of("alice")).toBe(4_000);
    now = 30_000;
    use.add("alice", 1_000);
    expect(use.of("alice")).toBe(3_000);
  });

  it("settles near 1.44 half-lives for a user keeping a connection busy all the time", () => {
    let now = 0;
    const use = new RecentUse(15_000, () => now);
    for (; now < 300_000; now += 500) use.add("prober", 500);
    expect(use.of("prober")).toBeGreaterThan(20_000);
    expect(use.of("prober")).toBeLessThan(22_500);
  });

  it("counts the queries still running by their time so far", () => {
    let now = 0;
    const use = new RecentUse(15_000, () => now);
    const first = use.start("prober");
    const second = use.start("prober");
    now = 6_000;
    expect(use.of("prober")).toBe(12_000);
    first();
    first(); // ending twice counts once
    expect(use.of("prober")).toBe(12_000);
    now = 8_000;
    second();
    expect(use.of("prober")).toBeCloseTo(6_000 * 0.5 ** (2 / 15) + 8_000, 6);
  });
});
