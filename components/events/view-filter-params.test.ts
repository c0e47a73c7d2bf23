import { createLoader } from "nuqs/server";
import { describe, expect, it } from "vitest";
import { eventsSearchParams } from "./search-params";
import { viewFilterParams } from "./view-filter-params";

const load = createLoader(eventsSearchParams);

describe("viewFilterParams", () => {
  it("keeps the filter and drops sort and page-only state", () => {
    const state = load(
      new URLSearchParams(
        "from=2026-11-02T00:00:00Z&eventName=A&-region=us-west-2&readOnly=false&crossAccount=true" +
          "&integrity=modified&integrity=uncovered&q=x&sort=eventName&event=e1&tz=local",
      ),
    );
    const params = viewFilterParams(state);
    expect(params.get("from")).toBe("2026-11-02T00:00:00Z");
    expect(params.has("to")).toBe(false);
    expect(params.getAll("eventName")).toEqual(["A"]);
    expect(params.getAll("-region")).toEqual(["us-west-2"]);
    expect(params.get("readOnly")).toBe("false");
    expect(params.get("crossAccount")).toBe("true");
    expect(params.getAll("integrity")).toEqual(["modified", "uncovered"]);
    expect(params.get("q")).toBe("x");
    for (const key of ["sort", "event", "tz", "times"]) expect(params.has(key)).toBe(false);
  });

  it("drops an integrity value the URL state does not take", () => {
    const state = load(new URLSearchParams("integrity=bogus&integrity=verified"));
    expect(viewFilterParams(state).getAll("integrity")).toEqual(["verified"]);
  });
});
