import type { EventSort } from "../query/event-query";
import type { JsonRow, Store } from "./database";
import { orderBySql, sortKeySql } from "./event-order-sql";
import { readEventRecords } from "./event-records";
import {
  closeListRow,
  ISO_TIME_FORMAT,
  LIST_COLUMNS,
  listRowJsonSql,
  ORIGIN_FILES_SQL,
} from "./event-rows";
import { type Sql, sql } from "./sql";

/**
 * The statement of one page of events (see query-events.ts): the page's keys
 * first (sorting whole rows would read every column of the range), then their
 * list rows (eventListRowSchema) and origin kinds, written as JSON by DuckDB;
 * their records, when shown, are read from the packs after it (pageEventsJson).
 */

export interface PageOptions {
  sort: EventSort;
  limit: number;
  /** Rows fetched by rowid (a page over the whole store); else joined by (id, time). */
  scattered: boolean;
  /** The matching rows counted in the same scan (`total`). */
  oneScan: boolean;
  /** False: leave the records out (but Insights'). */
  records?: boolean;
}

/**
 * A row of a page as its statement returns it: its open JSON text, its id and
 * time, its record's place, whether its record is shown.
 */
export interface PageRow {
  j: string;
  id: string;
  t: string;
  f: number;
  i: number;
  w: boolean;
}

/** What a page statement answers: the page's rows, whether more follow, and its count if asked. */
export interface FoundPage {
  rows: PageRow[] | null;
  more: boolean;
  total: string | null;
  last_key: string | null;
}

/** The statement of one page of the events `where` (a condition on `events`) selects. */
export function pageSql(where: Sql, options: PageOptions): Sql {
  const { sort, limit, oneScan } = options;
  const key = sortKeySql(sort) ?? sql`NULL::VARCHAR`;
  const matching = sql`SELECT rowid AS r, id, time, file_id, ${key} AS k
    FROM events WHERE ${where}`;
  // In one scan the matching rows are kept, to be counted as well as ranked (by their key, `k`).
  const matches = oneScan ? sql`matches AS MATERIALIZED (${matching}),` : sql.empty;
  const ranked = oneScan ? sql`SELECT * FROM matches` : matching;
  const rankedOrder = orderBySql(sort, oneScan ? "k" : undefined);
  const total = oneScan ? sql`(SELECT count(*) FROM matches)::VARCHAR` : sql`NULL`;
  // The page's rows of events (`e`): by rowid when scattered, else by key (see above).
  const pageRows = options.scattered
    ? sql`events e WHERE e.rowid IN (SELECT r FROM shown)`
    : sql`events e JOIN shown ON e.id = shown.id AND e.time = shown.time WHERE true`;
  const columns = sql.raw(LIST_COLUMNS.map((c) => `e.${c}`).join(", "));
  const withRecord = options.records !== false ? sql`true` : sql`e.category = 'Insight'`;
  return sql`WITH ${matches}
     keys AS MATERIALIZED (
       ${ranked}
       ORDER BY ${rankedOrder} LIMIT ${sql.number(limit + 1)}),
     shown AS MATERIALIZED (
       SELECT * FROM (
         SELECT *, row_number() OVER (ORDER BY ${orderBySql(sort, "k")}) AS n FROM keys)
       WHERE n <= ${sql.number(limit)}),
     rows AS (SELECT e.rowid AS r, ${columns}, e.record_index FROM ${pageRows}),
     events_of_origins AS (SELECT id, time, file_id FROM shown),
     origins AS (
       SELECT o.event_id, list_sort(list_distinct(list(f.kind))) AS kinds
       FROM (${ORIGIN_FILES_SQL}) o JOIN files f ON f.file_id = o.file_id
       WHERE NOT f.replaced GROUP BY o.event_id)
     SELECT list({
         j: ${listRowJsonSql(sql`coalesce(o.kinds, [])`)},
         id: s.id, t: strftime(s.time, ${ISO_TIME_FORMAT}), f: s.file_id, i: e.record_index,
         w: ${withRecord}} ORDER BY s.n) AS rows,
       (SELECT count(*) FROM keys) > ${sql.number(limit)} AS more,
       ${total} AS total,
       arg_max(s.k, s.n) AS last_key
     FROM shown s JOIN rows e ON e.r = s.r
     LEFT JOIN origins o ON o.event_id = s.id`;
}

/**
 * Runs the statement of one page (pageSql). One that reads every matching
 * event to count them waits with the other counts over a whole view
 * (`summaries`, admission.ts), not among the pages that read a few row groups.
 */
export async function pageStatement(
  store: Store,
  where: Sql,
  options: PageOptions,
): Promise<FoundPage> {
  const [found] = await store.query<FoundPage & JsonRow>(
    pageSql(where, options),
    options.oneScan ? "summaries" : "pages",
  );
  if (!found) throw new Error("the page query returned no row");
  return found;
}

/**
 * The page's rows as a JSON array: each row's text closed with its record
 * where one is shown (read from the packs), null elsewhere.
 */
export async function pageEventsJson(store: Store, rows: PageRow[]): Promise<string> {
  const places = rows.filter((r) => r.w).map((r) => ({ id: r.id, fileId: r.f, recordIndex: r.i }));
  const records = places.length > 0 ? await readEventRecords(store, places) : new Map();
  return `[${rows.map((r) => closeListRow(r.j, r.w ? (records.get(r.id) ?? null) : null)).join(",")}]`;
}
