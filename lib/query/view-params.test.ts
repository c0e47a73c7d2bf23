import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, emptyFilter, type EventQuery } from "./event-query";
import {
  eventFilterToParams,
  parseEventQuery,
  parseFacetsRequest,
  parseWholeViewQuery,
} from "./view-params";

const defaults = { from: "2026-11-02T00:00:00.000Z", to: "2026-11-07T00:00:00.000Z" };

function parse(query: string) {
  return parseEventQuery(new URLSearchParams(query), defaults);
}

function ok(query: string): EventQuery {
  const result = parse(query);
  if (!result.ok) throw new Error(result.errors.join("; "));
  return result.value;
}

function errors(query: string): string[] {
  const result = parse(query);
  if (result.ok) throw new Error(`expected ${query} to be rejected`);
  return result.errors;
}

describe("parseEventQuery", () => {
  it("reads athena=1 (through Athena) and athena=run (start the search now), nothing else", () => {
    const parse = (athena: string) =>
      parseEventQuery(new URLSearchParams({ athena }), {
        from: "2026-11-01T00:00:00Z",
        to: "2026-11-02T00:00:00Z",
      });
    const view = parse("1");
    const run = parse("run");
    expect(view.ok && view.value.athena).toBe("view");
    expect(run.ok && run.value.athena).toBe("run");
    const bad = parse("yes");
    expect(bad.ok ? [] : bad.errors).toEqual([
      `"athena" must be 1 (search through Athena) or run (start that search now); got "yes"`,
    ]);
  });

  it("refuses ranges no trail can hold, so that no request costs without bound (#22)", () => {
    expect(errors("from=0001-01-01&to=9999-12-31")).toEqual([
      expect.stringMatching(/"from" \(0001-01-01T00:00:00.000Z\) is before 2013/),
      expect.stringMatching(/"to" \(9999-12-31T00:00:00.000Z\) is more than a day after now/),
    ]);
    expect(errors("from=2024-01-01&to=2025-06-01")[0]).toMatch(
      /the range is 517 days wide; at most 366 days/,
    );
    expect(ok("from=2025-06-01&to=2026-06-01").filter.to).toBe("2026-06-01T00:00:00.000Z");
    expect(ok("from=2013-11-13&to=2013-11-14").filter.from).toBe("2013-11-13T00:00:00.000Z");
    // A range around now (with a day of slack for clocks) is fine.
    const soon = new Date(Date.now() + 3_600_000).toISOString();
    expect(ok(`to=${soon}`).filter.to).toBe(soon);
  });

  it("uses the default range and limit without parameters", () => {
    expect(ok("")).toEqual({
      filter: emptyFilter(defaults),
      sort: { field: "time", descending: true },
      limit: 100,
      cursor: null,
      records: true,
      wait: false,
      confirm: false,
      athena: null,
    });
  });

  it("reads repeated parameters as a list (OR within a field)", () => {
    const q = ok(
      "category=Data&category=Insight&eventName=GetObject&eventName=PutObject&principal=alice",
    );
    expect(q.filter.category).toEqual(["Data", "Insight"]);
    expect(q.filter.eventName).toEqual(["GetObject", "PutObject"]);
    expect(q.filter.principal).toEqual(["alice"]);
  });

  it("reads exclusions, IP blocks, error state and read-only", () => {
    const q = ok(
      "-eventName=ListUsers&-eventName=GetObject&sourceIp=10.0.0.0/8&sourceIp=2001:db8::1" +
        "&-category=Data&error=any&readOnly=false&resource=payroll&userAgent=aws-cli",
    );
    expect(q.filter.exclude).toEqual({ eventName: ["ListUsers", "GetObject"], category: ["Data"] });
    expect(q.filter.sourceIp).toEqual(["10.0.0.0/8", "2001:db8::1"]);
    expect(q.filter.error).toBe("any");
    expect(q.filter.readOnly).toBe(false);
    expect(q.filter.resource).toEqual(["payroll"]);
    expect(q.filter.userAgent).toEqual(["aws-cli"]);
    // Round trip through the URL form.
    expect(ok(eventFilterToParams(q.filter).toString()).filter).toEqual(q.filter);
  });

  it("explains bad exclusions, IPs and flags", () => {
    expect(errors("sourceIp=10.0.0.0/33")[0]).toMatch(/"sourceIp": "10.0.0.0\/33" is not an IP/);
    expect(errors("-sourceIp=example.com")[0]).toMatch(/"-sourceIp"/);
    expect(errors("-category=Nope")[0]).toMatch(/"-category" must be one of/);
    expect(errors("error=maybe")[0]).toMatch(/"error" must be any .* or none/);
    expect(errors("readOnly=yes")[0]).toMatch(/"readOnly" must be true/);
    expect(errors("-colour=red")[0]).toMatch(/unknown parameter "-colour"/);
  });

  it("normalizes times to UTC ISO and accepts dates and offsets", () => {
    const q = ok("from=2026-11-03&to=2026-11-04T02:00:00%2B02:00");
    expect(q.filter.from).toBe("2026-11-03T00:00:00.000Z");
    expect(q.filter.to).toBe("2026-11-04T00:00:00.000Z");
  });

  it("keeps the default width when only one end is given", () => {
    const q = ok("from=2026-10-01T00:00:00Z");
    expect(q.filter.to).toBe("2026-10-06T00:00:00.000Z");
  });

  it("says which parameter is invalid", () => {
    expect(errors("from=yesterday")[0]).toMatch(/"from".*not an ISO 8601 time/);
    // A day the calendar does not have is refused, not rolled over into the next month.
    expect(errors("from=2026-02-30")[0]).toMatch(/"from": "2026-02-30" is not an ISO 8601 time/);
    expect(errors("to=2026-04-31T10:00:00Z")[0]).toMatch(/"to"/);
    expect(ok("from=2024-02-29&to=2024-03-01").filter.from).toBe("2024-02-29T00:00:00.000Z");
    // Parsed, then refused as a range (below).
    expect(errors("from=0001-01-01&to=0001-01-02")[0]).toMatch(/before 2013: CloudTrail began/);
    expect(errors("category=Bogus")[0]).toMatch(/"category" must be one of Management, Data/);
    expect(errors("limit=0")[0]).toMatch(/"limit" must be an integer from 1 to 1000/);
    expect(errors("limit=abc")[0]).toMatch(/"limit"/);
    expect(errors("from=2026-11-05&to=2026-11-04")[0]).toMatch(/"from" .* is after "to"/);
    expect(errors("cursor=nonsense!")[0]).toMatch(/"cursor"/);
    expect(errors("colour=red")[0]).toMatch(/unknown parameter "colour"/);
    expect(errors("q=a&q=b")[0]).toMatch(/"q" may be given only once/);
  });

  it("reports every bad parameter at once", () => {
    expect(errors("from=x&limit=-1&category=Nope")).toHaveLength(3);
  });

  it("ignores empty values, as an HTML form sends them", () => {
    expect(ok("eventName=&principal=%20&q=").filter).toMatchObject({
      eventName: [],
      principal: [],
      q: null,
    });
  });

  it("accepts the page-only parameters", () => {
    expect(ok("event=abc&tz=local").filter.category).toEqual([]);
  });

  it("parses wait", () => {
    expect(ok("wait=1").wait).toBe(true);
    expect(ok("wait=0").wait).toBe(false);
    expect(errors("wait=maybe")[0]).toMatch(/"wait"/);
  });

  it("round-trips a filter through its URL parameters", () => {
    const filter = ok("category=Data&principal=a%2Fb&q=185.220.101.47&from=2026-11-03").filter;
    expect(ok(eventFilterToParams(filter).toString()).filter).toEqual(filter);
  });
});

describe("raw", () => {
  it("includes records unless raw=0 or false", () => {
    expect(ok("").records).toBe(true);
    expect(ok("raw=1").records).toBe(true);
    expect(ok("raw=0").records).toBe(false);
    expect(ok("raw=false").records).toBe(false);
    expect(errors("raw=no")[0]).toMatch(/"raw" must be 1 or 0/);
  });
});

describe("sort", () => {
  it("reads a field with an optional - for descending, and refuses others", () => {
    expect(ok("sort=eventName").sort).toEqual({ field: "eventName", descending: false });
    expect(ok("sort=-errorCode").sort).toEqual({ field: "errorCode", descending: true });
    expect(errors("sort=raw")[0]).toMatch(/"sort" must be one of time, category/);
  });

  it("refuses a cursor made for another order", () => {
    const byTime = encodeCursor({ time: "2026-11-04T02:13:55.000Z", id: "a" });
    const byName = encodeCursor({ time: "2026-11-04T02:13:55.000Z", id: "a", key: "GetObject" });
    expect(ok(`sort=eventName&cursor=${byName}`).cursor).toBe(byName);
    expect(errors(`sort=eventName&cursor=${byTime}`)[0]).toMatch(/another sort order/);
    expect(errors(`cursor=${byName}`)[0]).toMatch(/another sort order/);
  });
});

describe("cursors", () => {
  it("round-trip and reject garbage", () => {
    const cursor = { time: "2026-11-04T02:13:55.000Z", id: "ab/cd+é" };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    const keyed = { ...cursor, key: "" };
    expect(decodeCursor(encodeCursor(keyed))).toEqual(keyed);
    expect(decodeCursor("bm90IGpzb24")).toBeNull(); // "not json"
    expect(decodeCursor("e30")).toBeNull(); // "{}"
    expect(decodeCursor("%%%")).toBeNull();
  });
});

describe("parseWholeViewQuery", () => {
  it("leaves the endpoint's own parameters to it and refuses paging", () => {
    const own = parseWholeViewQuery(
      new URLSearchParams("format=csv&eventName=CreateUser"),
      defaults,
      ["format"],
      "does not apply here",
    );
    expect(own.ok && own.value.filter.eventName).toEqual(["CreateUser"]);
    const paged = parseWholeViewQuery(
      new URLSearchParams("format=csv&limit=5&cursor=x&colour=red"),
      defaults,
      ["format"],
      "does not apply here",
    );
    expect(paged.ok ? [] : paged.errors).toEqual([
      '"limit" does not apply here',
      '"cursor" does not apply here',
      expect.stringMatching(/unknown parameter "colour"/),
      expect.stringMatching(/"cursor" is not a cursor/),
    ]);
  });
});

describe("parseFacetsRequest", () => {
  it("reads the fields (each once; all by default) and how many values", () => {
    const some = parseFacetsRequest(
      new URLSearchParams("field=region&field=region&top=3"),
      defaults,
    );
    expect(some.ok && { fields: some.value.fields, top: some.value.top }).toEqual({
      fields: ["region"],
      top: 3,
    });
    const all = parseFacetsRequest(new URLSearchParams("eventName=GetObject"), defaults);
    expect(all.ok && all.value.top).toBe(10);
    expect(all.ok && all.value.fields).toContain("principalType");
    expect(all.ok && all.value.query.filter.eventName).toEqual(["GetObject"]);
    expect(all.ok && all.value.contains).toBeNull();
  });

  it("reads a search inside a facet (contains), trimmed, once, not part of the view's filter", () => {
    const search = parseFacetsRequest(
      new URLSearchParams("field=sourceIp&top=1000&contains=+185.220+"),
      defaults,
    );
    expect(search.ok && { contains: search.value.contains, top: search.value.top }).toEqual({
      contains: "185.220",
      top: 1000,
    });
    expect(search.ok && search.value.query.filter.q).toBeNull();
    const twice = parseFacetsRequest(new URLSearchParams("contains=a&contains=b"), defaults);
    expect(twice.ok ? [] : twice.errors).toEqual(['"contains" may be given only once']);
    const long = parseFacetsRequest(new URLSearchParams({ contains: "x".repeat(201) }), defaults);
    expect(long.ok ? [] : long.errors).toEqual(['"contains" is longer than 200 characters']);
  });

  it("names every bad parameter at once, its own and the view's", () => {
    const bad = parseFacetsRequest(
      new URLSearchParams("field=colour&top=5000&sourceIp=10.0.0.0%2F99&limit=5"),
      defaults,
    );
    expect(bad.ok ? [] : bad.errors).toEqual([
      expect.stringMatching(/^"field" must be one of category, eventName/),
      '"top" must be an integer from 1 to 1000; got "5000"',
      '"limit" does not apply to facets',
      expect.stringMatching(/^"sourceIp": "10.0.0.0\/99" is not an IP address/),
    ]);
  });
});
