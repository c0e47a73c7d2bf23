import { describe, expect, it } from "vitest";
import {
  COUNTED_FIELDS,
  EVENT_FIELDS,
  type EventFieldSpec,
  eventField,
  FACET_FIELDS,
  FIELD_COLUMN,
  FIELD_MATCH,
  FILTER_BAR_FIELDS,
  LIST_FIELDS,
  LISTED_FIELDS,
  PANEL_FACETS,
  SORT_FIELDS,
  STORED_FIELDS,
  TABLE_FIELDS,
} from "./fields";

const fields: readonly EventFieldSpec[] = EVENT_FIELDS;

describe("the field table", () => {
  it("gives each field one key and one column", () => {
    const keys = fields.map((f) => f.key);
    const columns = fields.flatMap((f) => (f.column ? [f.column] : []));
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(columns).size).toBe(columns.length);
    for (const column of columns) expect(column).toMatch(/^[a-z][a-z_]*$/);
  });

  it("stores what is listed, counted, sorted or shown, and filters only on what it can read", () => {
    const stored = new Set(STORED_FIELDS.map((f) => f.key));
    for (const key of [...LISTED_FIELDS, ...COUNTED_FIELDS, ...SORT_FIELDS]) {
      expect(stored, key).toContain(key);
    }
    expect([...stored].filter((k) => eventField(k as never).csv === undefined)).toEqual([
      "service",
      "actor",
      "actorType",
      "actorAccount",
      "sessionIssuer",
      "mfa",
    ]);
    // Only `resource` is filtered without a column of its own (it reads the resources' lists).
    expect(LIST_FIELDS.filter((f) => !(f in FIELD_COLUMN))).toEqual(["resource"]);
    expect(FACET_FIELDS).toEqual(LIST_FIELDS.filter((f) => f !== "resource"));
    for (const key of PANEL_FACETS) expect(FACET_FIELDS).toContain(key);
    for (const { key } of TABLE_FIELDS) expect(LISTED_FIELDS).toContain(key);
  });

  it("keeps the high-cardinality fields out of the hourly counts", () => {
    for (const key of ["id", "time", "principal", "sourceIp", "userAgent", "accessKeyId"]) {
      expect(COUNTED_FIELDS).not.toContain(key);
    }
    expect(COUNTED_FIELDS).toEqual(expect.arrayContaining(["category", "actor", "errorCode"]));
  });

  it("matches IP addresses by CIDR and user agents and resources by a part", () => {
    expect(FIELD_MATCH).toMatchObject({
      sourceIp: "ip",
      userAgent: "contains",
      resource: "contains",
      eventName: "exact",
      principalType: "exact",
    });
    expect(FIELD_COLUMN).toMatchObject({
      eventName: "event_name",
      principalType: "principal_type",
    });
    expect(eventField("category").filter?.values).toEqual([
      "Management",
      "Data",
      "Insight",
      "NetworkActivity",
    ]);
  });

  it("derives the filter bar and the table's columns", () => {
    expect(FILTER_BAR_FIELDS.filter((f) => !f.more).map((f) => f.key)).toEqual([
      "eventName",
      "eventSource",
      "principal",
      "errorCode",
    ]);
    expect(FILTER_BAR_FIELDS.find((f) => f.key === "sourceIp")).toEqual({
      key: "sourceIp",
      label: "Source IP or CIDR",
      placeholder: "e.g. 203.0.113.7, !10.0.0.0/8",
      more: true,
    });
    // The service column filters and sorts by the event source; the time column sorts only.
    expect(TABLE_FIELDS.find((f) => f.key === "service")).toMatchObject({
      filterField: "eventSource",
      sortField: "eventSource",
    });
    expect(TABLE_FIELDS.find((f) => f.key === "time")).toMatchObject({
      filterField: null,
      sortField: "time",
    });
    // The defaults fit a 1366 px window: the service is in the event name and its facet.
    expect(TABLE_FIELDS.filter((f) => !f.hidden).map((f) => f.header)).toEqual([
      "Time",
      "Category",
      "Event",
      "Principal",
      "Account",
      "Region",
      "Source IP",
      "Error",
    ]);
    // Account IDs and IPv4 addresses are never cut: those columns do not get narrower.
    expect(TABLE_FIELDS.filter((f) => f.whole).map((f) => f.key)).toEqual([
      "account",
      "callerAccount",
      "sourceIp",
    ]);
  });
});
