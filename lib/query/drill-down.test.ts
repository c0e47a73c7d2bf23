import { describe, expect, it } from "vitest";
import { drillDownHref } from "./drill-down";

describe("drillDownHref", () => {
  const view = new URLSearchParams(
    "from=2026-11-04T00:00:00.000Z&actor=alice&actor=bob&-actorType=service&by=-changes&tz=local",
  );

  it("keeps the view's filter, replaces the clicked key and drops the summary's own params", () => {
    const href = drillDownHref(view, { actor: ["alice"], eventName: ["CreateUser"] });
    const params = new URLSearchParams(href.slice(2));
    expect(href.startsWith("/?")).toBe(true);
    expect(params.getAll("actor")).toEqual(["alice"]);
    expect(params.get("eventName")).toBe("CreateUser");
    expect(params.get("-actorType")).toBe("service");
    expect(params.get("from")).toBe("2026-11-04T00:00:00.000Z");
    expect(params.get("tz")).toBe("local");
    expect(params.has("by")).toBe(false);
  });

  it("encodes hostile values as data, not as more parameters", () => {
    const href = drillDownHref(new URLSearchParams(), { actor: ["a&eventName=x#y"] });
    expect(new URLSearchParams(href.slice(2)).getAll("actor")).toEqual(["a&eventName=x#y"]);
    expect(new URLSearchParams(href.slice(2)).has("eventName")).toBe(false);
  });
});
