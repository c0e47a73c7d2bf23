import { eventListRowSchema, type EventListRow, type EventRow } from "../cloudtrail/event-schema";
import {
  type Cursor,
  decodeCursor,
  DEFAULT_SORT,
  encodeCursor,
  type EventFilter,
  type EventSort,
} from "../query/event-query";
import os from "node:os";
import { FIELD_COLUMN } from "../cloudtrail/fields";
import type { JsonRow, Store } from "./database";
import { countedEventsSql, countedTotalSql, countsCover } from "./counted-events";
import { eventFilterSql } from "./event-filter-sql";
import { afterCursorSql, orderBySql, sortKeySql } from "./event-order-sql";
import { readEventRecords } from "./event-records";
import {
  closeListRow,
  EVENT_PLACE_SELECT,
  hydrateFullEvents,
  ISO_TIME_FORMAT,
  LIST_COLUMNS,
  listRowJsonSql,
  ORIGIN_FILES_SQL,
  type StoredEventPlace,
} from "./event-rows";
import { type Sql, sql, timestamp } from "./sql";

export interface EventPage {
  events: EventListRow[];
  /** Distinct events matching the filter (all pages); null on pages after the first. */
  total: number | null;
  nextCursor: string | null;
}

/** A page with its events as the JSON text of an array (see listRowJsonSql). */
export interface EventPageJson {
  eventsJson: string;
  /** Distinct events matching the filter (all pages); null on pages after the first. */
  total: number | null;
  nextCursor: string | null;
}

export interface PageRequest {
  limit: number;
  cursor: string | null;
  sort?: EventSort;
  /** False: leave the records out (but Insights'): see eventListRowSchema. */
  records?: boolean;
}

/**
 * One page of matching events in the sort order (newest first by default),
 * with a keyset cursor for the next, in one statement (pageSql),
 * and their records, when shown, read from the packs. Pages inside a time
 * window (pageWindow) join their rows by (id, time): the keys' time
 * bounds let DuckDB read a few row groups. Other pages sorted by a column are
 * scattered over the whole store: their rows are fetched by rowid (one
 * statement sees one snapshot, so the rowids hold). A page after the first is
 * not counted again: the first page's total stands for the view. A first page
 * whose count must read the events anyway (a filter event_counts does not
 * keep: free text, principal, IP...) is found in the same scan as its count;
 * in time order, in slices read side by side (slicedFirstPage).
 */
export async function queryEventPageJson(
  store: Store,
  filter: EventFilter,
  page: PageRequest,
): Promise<EventPageJson> {
  const sort = page.sort ?? DEFAULT_SORT;
  const cursor = page.cursor ? decodeCursor(page.cursor) : null;
  const limit = page.limit;
  const byColumn = sortKeySql(sort) !== null;
  const oneScan = cursor === null && !countsCover(filter);
  if (oneScan && !byColumn) return slicedFirstPage(store, filter, page);
  const window = oneScan ? null : await pageWindow(store, filter, sort, cursor, limit);
  const conditions = [eventFilterSql(filter)];
  if (cursor) conditions.push(afterCursorSql(sort, cursor));
  if (window) conditions.push(window);
  // The first page counts the view: from its counted rows, or in its own scan.
  const counting =
    cursor || oneScan ? null : store.query<{ total: string }>(countedTotalSql(filter));
  const [found, counts] = await Promise.all([
    pageStatement(store, sql.join(conditions, " AND "), {
      sort,
      limit,
      scattered: byColumn && !window,
      oneScan,
      records: page.records,
    }),
    counting,
  ]);
  const total = counts ? Number(counts[0]?.total ?? 0) : oneScan ? Number(found.total ?? 0) : null;
  const last = found.rows?.at(-1);
  return {
    eventsJson: await pageEventsJson(store, found.rows ?? []),
    total,
    nextCursor:
      found.more && last
        ? encodeCursor(
            byColumn
              ? { time: last.t, id: last.id, key: found.last_key ?? "" }
              : { time: last.t, id: last.id },
          )
        : null,
  };
}

/**
 * The statement of one page of events (see queryEventPageJson): the page's keys
 * first (sorting whole rows would read every column of the range), then their
 * list rows (eventListRowSchema) and origin kinds, written as JSON by DuckDB;
 * their records, when shown, are read from the packs after it (pageEventsJson).
 */

interface PageOptions {
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
interface PageRow {
  j: string;
  id: string;
  t: string;
  f: number;
  i: number;
  w: boolean;
}

/** What a page statement answers: the page's rows, whether more follow, and its count if asked. */
interface FoundPage {
  rows: PageRow[] | null;
  more: boolean;
  total: string | null;
  last_key: string | null;
}

/** The statement of one page of the events `where` (a condition on `events`) selects. */
function pageSql(where: Sql, options: PageOptions): Sql {
  const { sort, limit, oneScan } = options;
  const key = sortKeySql(sort) ?? sql`NULL::VARCHAR`;
  const matching = sql`SELECT rowid AS r, id, time, file_id, ${key} AS k
    FROM events WHERE ${where}`;
  // In one scan the matching rows are kept, to be counted as well as ranked.
  const matches = oneScan ? sql`matches AS MATERIALIZED (${matching}),` : sql.empty;
  const ranked = oneScan ? sql`SELECT * FROM matches` : matching;
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
       ORDER BY ${orderBySql(sort)} LIMIT ${sql.number(limit + 1)}),
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

/** Runs the statement of one page (pageSql). */
async function pageStatement(store: Store, where: Sql, options: PageOptions): Promise<FoundPage> {
  const [found] = await store.query<FoundPage & JsonRow>(pageSql(where, options));
  if (!found) throw new Error("the page query returned no row");
  return found;
}

/**
 * The page's rows as a JSON array: each row's text closed with its record
 * where one is shown (read from the packs), null elsewhere.
 */
async function pageEventsJson(store: Store, rows: PageRow[]): Promise<string> {
  const places = rows.filter((r) => r.w).map((r) => ({ id: r.id, fileId: r.f, recordIndex: r.i }));
  const records = places.length > 0 ? await readEventRecords(store, places) : new Map();
  return `[${rows.map((r) => closeListRow(r.j, r.w ? (records.get(r.id) ?? null) : null)).join(",")}]`;
}

/**
 * The first page in time order of a view its counts cannot answer (free text,
 * a principal, an IP...): every matching event must be read to count them.
 * The range is cut into slices of about as many events each (from the hourly
 * counts), one per core, read side by side; each gives its count and its own
 * first page, and the slices' pages follow each other in time.
 */
async function slicedFirstPage(
  store: Store,
  filter: EventFilter,
  page: PageRequest,
): Promise<EventPageJson> {
  const sort = page.sort ?? DEFAULT_SORT;
  const slices = await timeSlices(store, filter, SLICES);
  // Newest first: the slice at the range's end leads.
  if (sort.descending) slices.reverse();
  const found = await Promise.all(
    slices.map((slice) => {
      // The last slice ends where the range does: inclusive.
      const before = sql.raw(slice.last ? "<=" : "<");
      const inSlice = sql`time >= ${timestamp(slice.from)} AND time ${before} ${timestamp(slice.to)}`;
      return pageStatement(store, sql`${eventFilterSql(filter)} AND ${inSlice}`, {
        sort,
        limit: page.limit,
        scattered: false,
        oneScan: true,
        records: page.records,
      });
    }),
  );
  const rows = found.flatMap((f) => f.rows ?? []);
  const shown = rows.slice(0, page.limit);
  const more = rows.length > page.limit || found.some((f) => f.more);
  const last = shown.at(-1);
  return {
    eventsJson: await pageEventsJson(store, shown),
    total: found.reduce((n, f) => n + Number(f.total ?? 0), 0),
    nextCursor: more && last ? encodeCursor({ time: last.t, id: last.id }) : null,
  };
}

/** Slices read side by side by slicedFirstPage: the cores, up to four. */
const SLICES = Math.min(4, Math.max(1, os.availableParallelism()));

/**
 * The range cut at whole hours into up to `count` slices of about as many
 * events each (event_counts says how many each hour holds). `last`: the slice
 * that ends at the range's end (inclusive, as the range is).
 */
async function timeSlices(
  store: Store,
  filter: EventFilter,
  count: number,
): Promise<{ from: string; to: string; last: boolean }[]> {
  const whole = [{ from: filter.from, to: filter.to, last: true }];
  if (count < 2) return whole;
  const hours = await store.query<{ hour: string; n: number }>(
    sql`SELECT strftime(hour, ${ISO_TIME_FORMAT}) AS hour, sum(n)::DOUBLE AS n FROM event_counts
       WHERE hour > ${timestamp(filter.from)} AND hour < ${timestamp(filter.to)}
       GROUP BY hour ORDER BY hour`,
  );
  const total = hours.reduce((n, h) => n + h.n, 0);
  if (hours.length < count || total === 0) return whole;
  const cuts: string[] = [];
  let seen = 0;
  for (const { hour, n } of hours) {
    // A cut at the start of the hour that passes the next share.
    if (seen >= (total * (cuts.length + 1)) / count && cuts.length < count - 1) cuts.push(hour);
    seen += n;
  }
  const bounds = [filter.from, ...cuts, filter.to];
  return bounds.slice(0, -1).map((from, i) => ({
    from,
    to: bounds[i + 1]!,
    last: i === bounds.length - 2,
  }));
}

const HOUR_MS = 3_600_000;
/** Hours a page looks into first, from its edge (the range's end or the cursor). */
const WINDOW_HOURS = [1, 8, 64];

/**
 * The nearest stretch from the page's edge that holds a whole page of
 * matching events, as a condition; null when the page needs the whole rest
 * of the range. Counting a few hours reads a few row groups; the top-N over
 * the range would read its every row. In time order the stretch is a time
 * window. Sorted by a column, events of one value follow each other newest
 * first: a page that starts in value `k` (the cursor's, or the first of the
 * view) and holds no other lies in a time window of `k`'s events, fetched
 * like a time-ordered page instead of rows scattered over the whole store.
 */
async function pageWindow(
  store: Store,
  filter: EventFilter,
  sort: EventSort,
  cursor: Cursor | null,
  limit: number,
): Promise<Sql | null> {
  const key = sortKeySql(sort);
  let inGroup: Sql | null = null;
  if (key && sort.field !== "time") {
    const first = cursor
      ? (cursor.key ?? null)
      : await firstSortKey(store, filter, FIELD_COLUMN[sort.field], key, sort.descending);
    if (first === null) return null;
    inGroup = sql`${key} = ${first}`;
  }
  // Events of one value of the sort key come newest first; in time order, as the sort says.
  const newestFirst = inGroup !== null || sort.descending;
  const edge = Date.parse(cursor?.time ?? (newestFirst ? filter.to : filter.from));
  const far = Date.parse(newestFirst ? filter.from : filter.to);
  const towards = sql.raw(newestFirst ? ">=" : "<=");
  for (const hours of [...WINDOW_HOURS, Infinity]) {
    const bound = newestFirst ? edge - hours * HOUR_MS : edge + hours * HOUR_MS;
    const whole = newestFirst ? bound <= far : bound >= far;
    // In time order the whole rest of the range is no window; in a key's group it is one.
    if (whole && !inGroup) return null;
    const inTime = whole
      ? sql`true`
      : sql`time ${towards} ${timestamp(new Date(bound).toISOString())}`;
    const window = inGroup ? sql`${inGroup} AND ${inTime}` : inTime;
    const conditions = [eventFilterSql(filter)];
    if (cursor) conditions.push(afterCursorSql(sort, cursor));
    conditions.push(window);
    const [found] = await store.query<{ n: number }>(
      sql`SELECT count(*)::INTEGER AS n FROM (
        SELECT 1 FROM events WHERE ${sql.join(conditions, " AND ")} LIMIT ${sql.number(limit + 1)})`,
    );
    if ((found?.n ?? 0) > limit) return window;
    if (whole) return null;
  }
  return null;
}

/** The first sort key (`key`, of `column`) of the matching events, from counted rows where they serve. */
async function firstSortKey(
  store: Store,
  filter: EventFilter,
  column: string,
  key: Sql,
  descending: boolean,
): Promise<string | null> {
  const first = sql.raw(descending ? "max" : "min");
  const [found] = await store.query<{ k: string | null }>(
    sql`SELECT ${first}(${key}) AS k FROM ${countedEventsSql(filter, [column])}`,
  );
  return found?.k ?? null;
}

/** queryEventPage with the events parsed and checked against their wire shape. */
export async function queryEventPage(
  store: Store,
  filter: EventFilter,
  page: PageRequest,
): Promise<EventPage> {
  const { eventsJson, total, nextCursor } = await queryEventPageJson(store, filter, page);
  return {
    events: eventListRowSchema.array().parse(JSON.parse(eventsJson)),
    total,
    nextCursor,
  };
}

/** Minutes either side of a time hint searched first (zone maps skip the rest of the store). */
const NEAR_MINUTES = 10;

/**
 * One event by id. With `near` (a permalink's time hint) the minutes around it
 * are searched first: an id alone scans every stored id.
 */
export async function getEventById(
  store: Store,
  id: string,
  near?: string,
): Promise<EventRow | null> {
  const t = near ? Date.parse(near) : NaN;
  if (!Number.isNaN(t)) {
    // Epoch µs, bound as text.
    const from = String((t - NEAR_MINUTES * 60_000) * 1000);
    const to = String((t + NEAR_MINUTES * 60_000) * 1000);
    const event = await eventWhere(
      store,
      sql`time BETWEEN make_timestamp(${from}::BIGINT) AND make_timestamp(${to}::BIGINT)
        AND id = ${id}`,
    );
    if (event) return event;
  }
  return eventWhere(store, sql`id = ${id}`);
}

/** The (first) event the condition selects, whole. */
async function eventWhere(store: Store, condition: Sql): Promise<EventRow | null> {
  const rows = await store.query<StoredEventPlace & Record<string, unknown>>(
    sql`SELECT ${EVENT_PLACE_SELECT} FROM events WHERE ${condition}`,
  );
  const [event] = await hydrateFullEvents(store, rows);
  return event ?? null;
}
