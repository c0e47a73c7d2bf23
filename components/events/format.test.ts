import { describe, expect, it } from "vitest";
import { formatRelative } from "./format";

describe("formatRelative", () => {
  const now = Date.parse("2026-11-29T12:00:00Z");
  it("names the largest whole unit", () => {
    expect(formatRelative("2026-11-29T11:59:30Z", now)).toBe("30 sec. ago");
    expect(formatRelative("2026-11-29T11:57:00Z", now)).toBe("3 min. ago");
    expect(formatRelative("2026-11-29T09:10:00Z", now)).toBe("2 hr. ago");
    expect(formatRelative("2026-11-28T11:00:00Z", now)).toBe("yesterday");
    expect(formatRelative("2026-11-19T12:00:00Z", now)).toBe("10 days ago");
    expect(formatRelative("2026-11-29T12:00:00Z", now)).toBe("now");
  });
});
