import { describe, expect, it } from "vitest";
import { lookupScopeKey, lookupScopeOf } from "./lookup-scope";

describe("lookupScopeOf", () => {
  it("reads both categories unfiltered when the filter gives LookupEvents nothing to apply", () => {
    const scope = lookupScopeOf({ principal: ["alice"], q: "x" } as never);
    expect(scope).toEqual({
      categories: ["management", "insight"],
      attribute: null,
      insightAttribute: null,
    });
    expect(lookupScopeKey(scope)).toBe("management+insight");
  });

  it("sends the most selective single-valued attribute, and only one", () => {
    const scope = lookupScopeOf({
      eventSource: ["iam.amazonaws.com"],
      eventName: ["CreateUser"],
    });
    expect(scope.attribute).toEqual({ key: "EventName", value: "CreateUser" });
    expect(scope.insightAttribute).toEqual({ key: "EventName", value: "CreateUser" });
    expect(lookupScopeOf({ eventId: ["e-1"], eventName: ["CreateUser"] }).attribute).toEqual({
      key: "EventId",
      value: "e-1",
    });
  });

  it("sends nothing for a field with several values (an OR one call cannot express)", () => {
    const scope = lookupScopeOf({
      eventName: ["CreateUser", "DeleteUser"],
      eventSource: ["iam.amazonaws.com"],
    });
    expect(scope.attribute).toEqual({ key: "EventSource", value: "iam.amazonaws.com" });
    expect(lookupScopeOf({ eventName: ["A", "B"] }).attribute).toBeNull();
  });

  it("reads only the categories the filter shows", () => {
    expect(lookupScopeOf({ category: ["Data", "NetworkActivity"] }).categories).toEqual([]);
    expect(lookupScopeKey(lookupScopeOf({ category: ["Data"] }))).toBe("none");
    expect(lookupScopeOf({ category: ["Insight", "Data"] }).categories).toEqual(["insight"]);
    expect(
      lookupScopeKey(lookupScopeOf({ category: ["Management"], eventName: ["Get Thing/1"] })),
    ).toBe("management?EventName=Get%20Thing%2F1");
  });

  it("leaves out excluded categories and uses access keys and read-only", () => {
    expect(lookupScopeOf({ exclude: { category: ["Management"] } }).categories).toEqual([
      "insight",
    ]);
    expect(
      lookupScopeOf({ accessKeyId: ["AKIAEXAMPLE"], eventName: ["CreateUser"] }).attribute,
    ).toEqual({ key: "AccessKeyId", value: "AKIAEXAMPLE" });
    const reads = lookupScopeOf({ readOnly: false });
    expect(reads.attribute).toEqual({ key: "ReadOnly", value: "false" });
    // Insights calls accept neither: they are read whole.
    expect(reads.insightAttribute).toBeNull();
    // Exclusions are applied by the store only.
    expect(lookupScopeOf({ exclude: { eventName: ["ListUsers"] } }).attribute).toBeNull();
  });
});
