import { describe, expect, it } from "vitest";
import { eventPageTitle } from "./event-title";

describe("eventPageTitle", () => {
  it("names what, who and when", () => {
    expect(
      eventPageTitle(
        {
          eventName: "CreateUser",
          category: "Management",
          actor: "ci-deploy",
          time: "2026-11-04T02:31:05.000Z",
        },
        "x",
      ),
    ).toBe("CreateUser by ci-deploy, 2026-11-04 02:31:05 UTC");
  });

  it("names an Insights event without an API name by its category", () => {
    expect(
      eventPageTitle(
        { eventName: "", category: "Insight", actor: "cloudtrail", time: "2026-11-04T02:00:00Z" },
        "x",
      ),
    ).toBe("Insight by cloudtrail, 2026-11-04 02:00:00 UTC");
  });

  it("names an event not read yet by its (shortened) ID", () => {
    expect(eventPageTitle(null, "0f5c4b1e-8d8e-4a61-9c1f-0d1f4a7b2c3d")).toBe(
      "Event 0f5c4b1e-8d8…",
    );
    expect(eventPageTitle(null, "abc")).toBe("Event abc");
  });
});
