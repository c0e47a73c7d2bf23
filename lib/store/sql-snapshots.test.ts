import { describe, expect, it } from "vitest";
import { emptyFilter, type EventFilter } from "../query/event-query";
import { countedEventsSql, countedTotalSql } from "./counted-events";
import { eventFilterSql } from "./event-filter-sql";
import { afterCursorSql } from "./event-order-sql";
import { LIST_COLUMN_SQL, LIST_COLUMNS } from "./event-rows";
import { facetsSql } from "./facets";
import { pageSql } from "./page-statement";
import { sql, type Sql } from "./sql";

/**
 * The SQL the store runs for a few views, as text and parameters: no
 * database needed. A change here is a change to what DuckDB is asked; check
 * it, then update with `npx vitest run lib/store/sql-snapshots.test.ts -u`.
 */

/** Part of 2026-04-01 and 2026-04-02, whole hours between. */
const range = { from: "2026-04-01T09:30:00.000Z", to: "2026-04-02T17:15:00.000Z" };

/**
 * A statement as the snapshots keep it. The list row's columns come from the
 * field table (lib/cloudtrail/fields.ts, tested there): they stand as one
 * placeholder, so a new field changes no snapshot.
 */
const statement = (q: Sql) => ({
  text: q.text
    .replaceAll(LIST_COLUMN_SQL.text, "<list row fields>")
    .replaceAll(LIST_COLUMNS.map((c) => `e.${c}`).join(", "), "<list row columns>"),
  params: q.params,
});

const busyFilter: EventFilter = {
  ...emptyFilter(range),
  eventName: ["CreateUser", "DeleteUser"],
  exclude: { region: ["us-east-1"], userAgent: ["Boto3"] },
  sourceIp: ["203.0.113.0/24", "2001:db8::/32"],
  error: "any",
  readOnly: false,
  q: "alice's 'key'",
};

describe("the store's SQL", () => {
  it("of an empty filter", () => {
    expect(statement(eventFilterSql(emptyFilter(range)))).toMatchSnapshot();
  });

  it("of a filter with include, exclude, CIDR and free text", () => {
    expect(statement(eventFilterSql(busyFilter))).toMatchSnapshot();
  });

  it("of a page sorted by a column after a cursor (rows scattered over the store)", () => {
    const sort = { field: "eventName", descending: false } as const;
    const cursor = { time: "2026-04-02T10:00:00.000Z", id: "e-42", key: "GetObject" };
    const where = sql.join(
      [
        eventFilterSql({ ...emptyFilter(range), region: ["eu-west-1"] }),
        afterCursorSql(sort, cursor),
      ],
      " AND ",
    );
    expect(
      statement(pageSql(where, { sort, limit: 100, scattered: true, oneScan: false })),
    ).toMatchSnapshot();
  });

  it("of a first page in time order counted in its own scan, records left out", () => {
    const sort = { field: "time", descending: true } as const;
    const where = eventFilterSql({ ...emptyFilter(range), q: "deleteuser" });
    expect(
      statement(
        pageSql(where, { sort, limit: 50, scattered: false, oneScan: true, records: false }),
      ),
    ).toMatchSnapshot();
  });

  it("of the facets of two fields", () => {
    const filter = { ...emptyFilter(range), errorCode: ["AccessDenied"] };
    expect(statement(facetsSql(filter, ["eventSource", "region"], 10))).toMatchSnapshot();
  });

  it("of a view's total from event_counts over its whole hours", () => {
    const filter = { ...emptyFilter(range), exclude: { eventSource: ["s3.amazonaws.com"] } };
    expect(statement(countedTotalSql(filter))).toMatchSnapshot();
  });

  it("of counted rows read from the events alone (a field event_counts does not keep)", () => {
    expect(statement(countedEventsSql(emptyFilter(range), ["principal"]))).toMatchSnapshot();
  });
});
