import { describe, expect, it } from "vitest";
import { emptyFilter, type EventFilter } from "../query/event-query";
import { athenaSearchQuery } from "./athena-query";
import { parseAthenaSettings } from "./athena-settings";

const RANGE = { from: "2026-11-03T10:00:00.000Z", to: "2026-11-04T09:30:00.500Z" };
const settings = parseAthenaSettings("table=default.cloudtrail_logs");
const query = (parts: Partial<EventFilter>, s = settings) =>
  athenaSearchQuery({ ...emptyFilter(RANGE), ...parts }, s);

describe("athenaSearchQuery", () => {
  it("names the files of the range's partitions, by delivery day and event time", () => {
    const q = query({});
    expect(q.sql).toMatch(
      /^SELECT "\$path" AS path, count\(\*\) AS events\nFROM "default"\."cloudtrail_logs"\nWHERE /,
    );
    expect(q.sql).toContain(`"timestamp" BETWEEN '2026/11/03' AND '2026/11/05'`);
    // A second wider each way: eventTime is text, with or without milliseconds.
    expect(q.sql).toContain(
      `eventtime >= '2026-11-03T09:59:59Z' AND eventtime < '2026-11-04T09:30:01Z'`,
    );
    expect(q.sql).toMatch(/GROUP BY 1$/);
    expect(q.days).toEqual(["2026-11-03", "2026-11-04", "2026-11-05"]);
    expect(q.narrowedBy).toEqual([]);
  });

  it("prunes account and Region partitions, only those the table has", () => {
    const q = query({ account: ["111122223333"], exclude: { region: ["eu-west-1"] } });
    expect(q.sql).toContain("account IN ('111122223333')");
    expect(q.sql).toContain("region NOT IN ('eu-west-1')");
    const flat = query(
      { account: ["111122223333"] },
      parseAthenaSettings("table=a.b;partitions=none"),
    );
    expect(flat.sql).not.toContain("account IN");
    expect(flat.sql).not.toContain(`"timestamp"`);
  });

  it("compares exact fields whole and keeps events without the field when excluding", () => {
    const q = query({ eventName: ["CreateUser"], exclude: { errorCode: ["AccessDenied"] } });
    expect(q.sql).toContain("coalesce(eventname IN ('CreateUser'), false)");
    expect(q.sql).toContain("NOT coalesce(nullif(errorcode, '') IN ('AccessDenied'), false)");
    expect(q.narrowedBy.sort()).toEqual(["errorCode", "eventName"]);
  });

  it("matches IPv4 ranges by number and keeps IPv6 text for the store", () => {
    const q = query({ sourceIp: ["203.0.113.0/24"] });
    expect(q.sql).toContain(
      `BETWEEN ${((203 << 24) >>> 0) + (113 << 8)} AND ${((203 << 24) >>> 0) + (113 << 8) + 255}`,
    );
    expect(q.sql).toContain("strpos(sourceipaddress, ':') > 0");
    // An IPv6 exclusion cannot be said surely: left to the store, nothing excluded by Athena.
    const v6 = query({ exclude: { sourceIp: ["2001:db8::/32"] } });
    expect(v6.sql).not.toContain("NOT ");
    expect(v6.leftToStore).toEqual(["sourceIp"]);
  });

  it("searches text only where JSON writes it as typed", () => {
    expect(query({ q: "Admin" }).sql).toContain("'admin') > 0");
    expect(query({ q: "Admin" }).narrowedBy).toEqual(["q"]);
    for (const needle of ['say "hi"', "a/b", "café", "back\\slash"]) {
      const q = query({ q: needle });
      expect(q.leftToStore).toEqual(["q"]);
      expect(q.sql).not.toContain("concat_ws");
    }
  });

  it("leaves fields the table cannot say to the store", () => {
    const q = query({
      actor: ["alice"],
      principal: ["bob"],
      resource: ["bucket"],
      crossAccount: true,
    });
    expect(q.leftToStore.sort()).toEqual(["actor", "crossAccount", "principal", "resource"]);
    expect(q.sql).not.toContain("alice");
  });

  it("turns errors and read-only into conditions that keep every matching event", () => {
    expect(query({ error: "any" }).sql).toContain(
      "strpos(coalesce(responseelements, ''), 'Failure') > 0",
    );
    expect(query({ error: "none" }).sql).toContain("coalesce(errorcode, '') = ''");
    expect(query({ readOnly: false }).sql).toContain("lower(readonly) = 'false'");
  });
});
