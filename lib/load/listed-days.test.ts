import { describe, expect, it } from "vitest";
import { ListingMemory } from "./listed-days";

/** The listing memory stays bounded whatever ranges and narrowings requests ask for (#22). */

describe("ListingMemory", () => {
  it("forgets the listing asked for least recently beyond its bound", () => {
    const memory = new ListingMemory(3, 10);
    memory.of("s3|account=1").set("2026-11-04", 1);
    memory.of("s3|account=2");
    memory.of("s3|account=3");
    // Asked again: the most recent now.
    memory.of("s3|account=1");
    for (let n = 4; n < 1_000; n++) memory.of(`s3|account=${n}`);
    expect(memory.size).toBe(3);
    // account=1 fell out with the others: a new listing remembers nothing.
    expect(memory.of("s3|account=1").has("2026-11-04")).toBe(false);
  });

  it("keeps the days listed most recently, however many ranges are asked for", () => {
    const listed = new ListingMemory(4, 400).of("local|");
    const day = (n: number) => new Date(Date.UTC(2013, 10, 1) + n * 86_400_000).toISOString();
    for (let n = 0; n < 5_000; n++) listed.set(day(n).slice(0, 10), n);
    expect(listed.size).toBe(400);
    expect(listed.get(day(4_999).slice(0, 10))).toBe(4_999);
    expect(listed.has(day(4_599).slice(0, 10))).toBe(false);
    // Listed again: it is the most recent, and stays when older ones go.
    listed.set(day(4_600).slice(0, 10), 5_000);
    listed.set("2030-01-01", 5_001);
    expect(listed.get(day(4_600).slice(0, 10))).toBe(5_000);
    expect(listed.has(day(4_601).slice(0, 10))).toBe(false);
  });
});
