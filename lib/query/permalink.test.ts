import { describe, expect, it } from "vitest";
import { eventIdOf } from "@/lib/cloudtrail/normalize";
import { isEventIdParam, permalinkPath } from "./permalink";

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

describe("permalinkPath", () => {
  const at = {
    id: "ev/1 ?",
    time: "2026-11-04T02:31:07.000Z",
    account: "123456789012",
    region: "eu-west-1",
  };

  it("gives a table row and its whole event the same link", () => {
    const fromRow = permalinkPath({ ...at, originKinds: ["local", "lookup"] });
    const fromEvent = permalinkPath({
      ...at,
      origins: [
        { kind: "local", source: "/trail", key: "a.json.gz" },
        { kind: "lookup", source: "lookup:eu-west-1", key: "eu-west-1" },
      ],
    });
    expect(fromRow).toBe(fromEvent);
    expect(fromRow).toBe(
      "/events/ev%2F1%20%3F?time=2026-11-04T02%3A31%3A07.000Z&account=123456789012&region=eu-west-1&origin=local",
    );
  });

  it("leaves out the hints it does not have", () => {
    expect(permalinkPath({ ...at, account: null, region: null, originKinds: [] })).toBe(
      "/events/ev%2F1%20%3F?time=2026-11-04T02%3A31%3A07.000Z",
    );
  });
});
