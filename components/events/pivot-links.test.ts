import { describe, expect, it } from "vitest";
import { pivotHrefs } from "./pivot-links";

const params = (href: string) => new URL(href, "http://x").searchParams;

describe("pivotHrefs", () => {
  const view = new URLSearchParams(
    "from=2026-11-04T00:00:00Z&to=2026-11-05T00:00:00Z&q=185.220.101.47&accessKeyId=AKIAOTHER&-accessKeyId=AKIAONE&event=e1&tz=local&sort=eventName",
  );

  it("narrows the view to only the value, keeping the open event", () => {
    const only = params(pivotHrefs(view, "accessKeyId", "AKIAONE").only);
    expect(only.getAll("accessKeyId")).toEqual(["AKIAONE"]);
    expect(only.getAll("-accessKeyId")).toEqual([]);
    expect(only.get("q")).toBe("185.220.101.47");
    expect(only.get("event")).toBe("e1");
  });

  it("excludes the value from the view, closing the event that has it", () => {
    const exclude = params(pivotHrefs(view, "accessKeyId", "AKIAOTHER").exclude);
    expect(exclude.getAll("accessKeyId")).toEqual([]);
    expect(exclude.getAll("-accessKeyId")).toEqual(["AKIAONE", "AKIAOTHER"]);
    expect(exclude.has("event")).toBe(false);
  });

  it("opens every event with the value over the view's range, other filters dropped", () => {
    const range = params(pivotHrefs(view, "accessKeyId", "AKIAONE").range);
    expect([...range]).toEqual([
      ["from", "2026-11-04T00:00:00Z"],
      ["to", "2026-11-05T00:00:00Z"],
      ["tz", "local"],
      ["accessKeyId", "AKIAONE"],
    ]);
    // Without a range in the view: the default range.
    expect(pivotHrefs(new URLSearchParams(), "sourceIp", "10.0.0.1").range).toBe(
      "/?sourceIp=10.0.0.1",
    );
  });
});
