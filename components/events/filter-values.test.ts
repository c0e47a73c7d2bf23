import { createLoader } from "nuqs/server";
import { describe, expect, it } from "vitest";
import { filtersFromForm, moreFiltersSet, splitValues, textFilterValue } from "./filter-values";
import { eventsSearchParams } from "./search-params";

const load = createLoader(eventsSearchParams);

describe("filter values", () => {
  it("split a field's text into included and excluded values", () => {
    expect(splitValues(" a, !b ,, ! c,d")).toEqual({ include: ["a", "d"], exclude: ["b", "c"] });
    expect(splitValues("")).toEqual({ include: [], exclude: [] });
  });

  it("show a field's values as they are typed", () => {
    const state = load(new URLSearchParams("eventName=A&eventName=B&-eventName=C"));
    expect(textFilterValue(state, "eventName")).toBe("A, B, !C");
  });

  it("write the form to the URL, times only when changed", () => {
    const state = load(new URLSearchParams("region=us-east-1&event=x"));
    const shown = { from: "2026-11-02T00:00:00.000Z", to: "2026-11-06T23:59:59.000Z" };
    const data = new FormData();
    data.set("from", "2026-11-02T00:00:00");
    data.set("to", "2026-11-05T00:00:00");
    data.set("eventName", "CreateUser, !ListUsers");
    data.append("category", "Data");
    data.set("q", "  bucket ");
    data.set("error", "any");
    data.append("integrity", "uncovered");
    data.append("integrity", "bogus");
    data.append("integrity", "modified");
    const next = filtersFromForm(data, state, shown);
    expect(next).toMatchObject({
      from: null,
      to: "2026-11-05T00:00:00.000Z",
      category: ["Data"],
      eventName: ["CreateUser"],
      "-eventName": ["ListUsers"],
      region: [],
      q: "bucket",
      error: "any",
      readOnly: null,
      integrity: ["modified", "uncovered"],
      event: null,
    });
  });

  it("open More filters when one of them is set", () => {
    expect(moreFiltersSet(load(new URLSearchParams("eventName=A")))).toBe(false);
    expect(moreFiltersSet(load(new URLSearchParams("-region=us-east-1")))).toBe(true);
    expect(moreFiltersSet(load(new URLSearchParams("readOnly=true")))).toBe(true);
    // A filter arriving through the URL is in sight (#18).
    expect(moreFiltersSet(load(new URLSearchParams("integrity=modified")))).toBe(true);
  });
});
