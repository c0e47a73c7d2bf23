import { describe, expect, it } from "vitest";
import { parseFormattedView, rangeNotLoaded } from "./view-request";

const range = { from: "2026-11-04T00:00:00.000Z", to: "2026-11-05T00:00:00.000Z" };
const options = {
  formats: ["csv", "ndjson"] as const,
  fallback: "csv" as const,
  pagingRefusal: "does not apply",
};

describe("parseFormattedView", () => {
  it("takes the fallback format and the view's filter", () => {
    const view = parseFormattedView(new URLSearchParams("eventName=CreateUser"), range, options);
    expect(view.ok && view.format).toBe("csv");
    expect(view.ok && view.query.filter.eventName).toEqual(["CreateUser"]);
  });

  it("reports a bad format and bad filter parameters at once, as a 400", async () => {
    const view = parseFormattedView(
      new URLSearchParams("format=xlsx&limit=5&from=x"),
      range,
      options,
    );
    expect(view.ok).toBe(false);
    if (view.ok) return;
    expect(view.response.status).toBe(400);
    const body = (await view.response.json()) as { details: string[] };
    expect(body.details[0]).toBe('"format" must be csv or ndjson; got "xlsx"');
    expect(body.details.some((d) => d.startsWith('"limit" does not apply'))).toBe(true);
    expect(body.details.some((d) => d.startsWith('"from"'))).toBe(true);
  });
});

describe("rangeNotLoaded", () => {
  it("answers 409 with the size of the load", async () => {
    const response = rangeNotLoaded({ files: 30_000, bytes: 2.5e9 });
    expect(response.status).toBe(409);
    expect(((await response.json()) as { error: string }).error).toMatch(
      /30000 trail files \(2500 MB\)/,
    );
  });
});
