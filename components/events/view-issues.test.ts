import { describe, expect, it } from "vitest";
import { invalidByParam, issueText, viewIssues, withoutRefused } from "./view-issues";

const NOW = Date.parse("2026-12-01T00:00:00Z");
const issues = (query: string) => viewIssues(new URLSearchParams(query), NOW);

describe("a view's problems as the page says them", () => {
  it("names each parameter by its field's label, never its API name", () => {
    const found = issues(`sourceIp=nope&principal=${"x".repeat(2001)}&category=Bogus`);
    const texts = found.map(issueText);
    expect(texts).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Source IP or CIDR: "nope" is not an IP address or CIDR block/),
        "Principal is longer than 2000 characters",
        expect.stringMatching(/^Category must be one of Management, Data/),
      ]),
    );
    for (const text of texts) expect(text).not.toMatch(/"(sourceIp|principal|category)"/);
  });

  it("says a range's problems with the From and To labels", () => {
    const [issue] = issues("from=2026-11-05T00:00:00Z&to=2026-11-04T00:00:00Z");
    expect(issue?.param).toBe("from");
    expect(issueText(issue!)).toBe(
      "From (2026-11-05T00:00:00.000Z) is after To (2026-11-04T00:00:00.000Z)",
    );
    expect(issues("to=2999-01-01T00:00:00Z").map(issueText)[0]).toMatch(
      /^To \(2999-01-01T00:00:00.000Z\) is more than a day after now/,
    );
    expect(issues("from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z")).toEqual([]);
  });

  it("flags an excluded value's problem at its field too", () => {
    const invalid = invalidByParam(issues("-sourceIp=nope"));
    expect(invalid["-sourceIp"]).toMatch(/^Source IP or CIDR: "nope"/);
    expect(invalid.sourceIp).toBe(invalid["-sourceIp"]);
  });

  it("removes only what was refused: a list's good values stay", () => {
    const params = new URLSearchParams(
      "eventName=CreateUser&sourceIp=10.0.0.1&sourceIp=nope&-sourceIp=also-bad&colour=red&from=x",
    );
    const kept = withoutRefused(params, viewIssues(params, NOW));
    expect(kept.toString()).toBe("eventName=CreateUser&sourceIp=10.0.0.1");
    expect(viewIssues(kept, NOW)).toEqual([]);
  });
});
