import { describe, expect, it } from "vitest";
import { eventIdOf } from "@/lib/cloudtrail/normalize";
import { isEventIdParam } from "./permalink";

describe("isEventIdParam", () => {
  it("accepts every id the store may hold, and no longer one", () => {
    const longest = "e".repeat(256);
    // The normalizer keeps a 256-character eventID as it is: its permalink must open it.
    expect(eventIdOf({ eventID: longest })).toBe(longest);
    expect(isEventIdParam(longest)).toBe(true);
    const tooLong = `${longest}e`;
    expect(eventIdOf({ eventID: tooLong })).toMatch(/^h-[0-9a-f]{32}$/);
    expect(isEventIdParam(tooLong)).toBe(false);
    expect(isEventIdParam("")).toBe(false);
    expect(isEventIdParam(undefined)).toBe(false);
  });
});
