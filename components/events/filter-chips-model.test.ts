import { createLoader } from "nuqs/server";
import { describe, expect, it } from "vitest";
import { LIST_FIELDS } from "@/lib/cloudtrail/fields";
import { filterChips, withoutFilters } from "./filter-chips-model";
import type { FilterState } from "./filter-values";
import { eventsSearchParams } from "./search-params";
import { viewFilterParams } from "./view-filter-params";

const load = createLoader(eventsSearchParams);

/** Keys of the URL state that are not filters: the range has its fields, the rest is display. */
// `athena` says how the view is loaded, not what it holds: no chip.
const NOT_FILTERS = ["from", "to", "sort", "event", "tz", "times", "athena"];
/** A value each filter key takes (the others take any text). */
const VALUES: Record<string, string> = {
  category: "Data",
  "-category": "Insight",
  actorType: "root",
  "-actorType": "service",
  mfa: "true",
  "-mfa": "false",
  sourceIp: "10.0.0.0/8",
  "-sourceIp": "203.0.113.7",
  error: "any",
  readOnly: "false",
  crossAccount: "true",
  integrity: "modified",
};

/** A URL setting every filter the page knows, two values where a key takes several. */
function everyFilter(): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of Object.keys(eventsSearchParams)) {
    if (NOT_FILTERS.includes(key)) continue;
    params.append(key, VALUES[key] ?? `${key}-value`);
  }
  params.append("eventName", "Second");
  return params;
}

describe("filter chips", () => {
  it("show every filter of the URL state, each with its field's label", () => {
    const state = load(everyFilter());
    const chips = filterChips(state);
    const filterKeys = Object.keys(eventsSearchParams).filter((k) => !NOT_FILTERS.includes(k));
    expect(new Set(chips.map((c) => c.param))).toEqual(new Set(filterKeys));
    expect(chips.filter((c) => c.param === "eventName").map((c) => c.value)).toEqual([
      "eventName-value",
      "Second",
    ]);
    expect(chips.find((c) => c.param === "actorType")).toMatchObject({
      label: "Actor type",
      value: "root",
      exclude: false,
    });
    expect(chips.find((c) => c.param === "-sourceIp")).toMatchObject({
      label: "Source IP or CIDR",
      exclude: true,
    });
    expect(chips.find((c) => c.param === "error")?.value).toBe("failed calls");
    expect(chips.find((c) => c.param === "q")?.label).toBe("Search the whole record");
    for (const chip of chips) expect(chip.label).not.toMatch(/^"/);
  });

  it("leave no filter behind once each is removed, and Clear all does the same at once", () => {
    let state: FilterState = load(everyFilter());
    for (let chips = filterChips(state); chips.length > 0; chips = filterChips(state)) {
      state = { ...state, ...chips[0]!.without };
    }
    expect([...viewFilterParams(state).keys()]).toEqual([]);
    const cleared = { ...load(everyFilter()), ...withoutFilters() } as FilterState;
    expect([...viewFilterParams(cleared).keys()]).toEqual([]);
    expect(LIST_FIELDS.every((f) => cleared[f].length === 0)).toBe(true);
  });

  it("keep the time range and display when every filter is cleared", () => {
    const state = load(new URLSearchParams("from=2026-11-04T00:00:00Z&eventName=A&tz=local"));
    const cleared = { ...state, ...withoutFilters() } as FilterState;
    expect(viewFilterParams(cleared).get("from")).toBe("2026-11-04T00:00:00Z");
    expect(cleared.tz).toBe("local");
  });
});
