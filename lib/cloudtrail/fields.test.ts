import { describe, expect, it } from "vitest";
import {
  COUNTED_FIELDS,
  EVENT_FIELDS,
  FACET_FIELDS,
  FIELD_COLUMN,
  FIELD_MATCH,
  FILTER_BAR_FIELDS,
  LIST_FIELDS,
  LISTED_FIELDS,
  PANEL_FACETS,
  SORT_FIELDS,
  TABLE_FIELDS,
} from "./fields";

describe("the field table", () => {
  it("gives each field one key and one column", () => {
    const keys = EVENT_FIELDS.map((f) => f.key);
    const columns = EVENT_FIELDS.flatMap((f) => (f.column ? [f.column] : []));
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(columns).size).toBe(columns.length);
    for (const column of columns) expect(column).toMatch(/^[a-z][a-z_]*$/);
  });

  it("derives the filters, their matching and columns", () => {
    expect(LIST_FIELDS).toEqual([
      "category",
      "eventName",
      "eventSource",
      "principal",
      "principalType",
      "actor",
      "actorType",
      "accessKeyId",
      "account",
      "region",
      "sourceIp",
      "userAgent",
      "errorCode",
      "resource",
    ]);
    expect(FIELD_MATCH).toMatchObject({
      sourceIp: "ip",
      userAgent: "contains",
      resource: "contains",
    });
    expect(LIST_FIELDS.filter((f) => FIELD_MATCH[f] === "exact")).toHaveLength(11);
    expect(FACET_FIELDS).toEqual(LIST_FIELDS.filter((f) => f !== "resource"));
    expect(FIELD_COLUMN).toMatchObject({
      eventName: "event_name",
      principalType: "principal_type",
    });
  });

  it("derives sorting, list rows, hourly counts and the panel's facets", () => {
    expect(SORT_FIELDS).toEqual([
      "time",
      "category",
      "eventName",
      "eventSource",
      "principal",
      "account",
      "region",
      "sourceIp",
      "errorCode",
    ]);
    expect(LISTED_FIELDS).toHaveLength(15);
    expect(COUNTED_FIELDS).toEqual([
      "category",
      "eventName",
      "eventSource",
      "service",
      "principalType",
      "actor",
      "actorType",
      "account",
      "region",
      "readOnly",
      "errorCode",
    ]);
    expect(PANEL_FACETS).toEqual([
      "category",
      "eventName",
      "eventSource",
      "principal",
      "principalType",
      "account",
      "region",
      "sourceIp",
      "errorCode",
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
    expect(TABLE_FIELDS.filter((f) => !f.hidden).map((f) => f.header)).toEqual([
      "Time",
      "Category",
      "Event",
      "Service",
      "Principal",
      "Account",
      "Region",
      "Source IP",
      "Error",
    ]);
  });
});
