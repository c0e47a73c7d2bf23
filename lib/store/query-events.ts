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
import { countedEventsSql, countsCover } from "./counted-events";
import { eventFilterBuilder, timestampParam, type WhereBuilder } from "./event-filter-sql";
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
 * with a keyset cursor for the next, in one statement: the page's keys first
 * (sorting whole rows would read every column of the range), then their list
 * rows (eventListRowSchema) and origin kinds, written as JSON by DuckDB, and
 * their records, when shown, read from the packs. Pages inside a time window
 * (see pageWindow) join their rows by (id, time): the keys' time bounds let
 * DuckDB read a few row groups. Other pages sorted by a column are scattered
 * over the whole store: their rows are fetched by rowid (one statement sees
 * one snapshot, so the rowids hold). A page after the first is not counted
 * again: the first page's total stands for the view. A first page whose count
 * must read the events anyway (a filter event_counts does not keep: free
 * text, principal, IP...) is found in the same scan as its count.
 */
export async function queryEventPageJson(
  store: Store,
  filter: EventFilter,
  page: PageRequest,
): Promise<EventPageJson> {
  const sort = page.sort ?? DEFAULT_SORT;
  const cursor = page.cursor ? decodeCursor(page.cursor) : null;
  const limit = page.limit;
  const key = sortKeySql(sort);
  const oneScan = cursor === null && !countsCover(filter);
  if (oneScan && !key) return slicedFirstPage(store, filter, page);
  const window = oneScan ? null : await pageWindow(store, filter, sort, cursor, limit);
  const where = eventFilterBuilder(filter);
  if (cursor) where.add(afterCursorSql(where, sort, cursor));
  if (window) where.add(window(where));
  const counted = countedEventsSql(filter, []);
  const countQuery =
    cursor || oneScan
      ? null
      : store.query<{ total: string }>(
          `SELECT coalesce(sum(n), 0)::VARCHAR AS total FROM ${counted.sql}`,
          counted.params,
        );
  const [found, counts] = await Promise.all([
    pageStatement(store, where, {
      sort,
      limit,
      scattered: key !== null && !window,
      oneScan,
      records: page.records,
    }),
    countQuery,
  ]);
  const total = counts ? Number(counts[0]?.total ?? 0) : oneScan ? Number(found.total ?? 0) : null;
  const last = found.rows?.at(-1);
  return {
    eventsJson: await withRecords(store, found.rows ?? []),
    total,
    nextCursor:
      found.more && last
        ? encodeCursor(
            key
              ? { time: last.t, id: last.id, key: found.last_key ?? "" }
              : { time: last.t, id: last.id },
          )
        : null,
  };
}

/** What pageStatement answers: the page's rows, whether more follow, and its count if asked. */
interface FoundPage {
  rows: PageRow[] | null;
  more: boolean;
  total: string | null;
  last_key: string | null;
}

/**
 * The statement of one page (see queryEventPageJson) of the events `where`
 * selects. `scattered`: rows fetched by rowid. `oneScan`: counted in the same
 * scan (`total`).
 */
async function pageStatement(
  store: Store,
  where: WhereBuilder,
  options: {
    sort: EventSort;
    limit: number;
    scattered: boolean;
    oneScan: boolean;
    records?: boolean;
  },
): Promise<FoundPage> {
  const { sort, limit, oneScan } = options;
  const key = sortKeySql(sort);
  const records = options.records !== false;
  const rowsWhere = where.build();
  // The page's rows of events (`e`): by rowid when scattered, else by key (see above).
  const pageRows = options.scattered
    ? "events e WHERE e.rowid IN (SELECT r FROM shown)"
    : "events e JOIN shown ON e.id = shown.id AND e.time = shown.time WHERE true";
  const columns = LIST_COLUMNS.map((c) => `e.${c}`).join(", ");
  const matching = `SELECT rowid AS r, id, time, file_id, ${key ?? "NULL::VARCHAR"} AS k
    FROM events ${rowsWhere.sql}`;
  const [found] = await store.query<FoundPage & JsonRow>(
    `WITH ${oneScan ? `matches AS MATERIALIZED (${matching}),` : ""}
     keys AS MATERIALIZED (
       ${oneScan ? "SELECT * FROM matches" : matching}
       ORDER BY ${orderBySql(sort)} LIMIT ${limit + 1}),
     shown AS MATERIALIZED (
       SELECT * FROM (
         SELECT *, row_number() OVER (ORDER BY ${orderBySql(sort, "k")}) AS n FROM keys)
       WHERE n <= ${limit}),
     rows AS (SELECT e.rowid AS r, ${columns}, e.record_index FROM ${pageRows}),
     events_of_origins AS (SELECT id, time, file_id FROM shown),
     origins AS (
       SELECT o.event_id, list_sort(list_distinct(list(f.kind))) AS kinds
       FROM (${ORIGIN_FILES_SQL}) o JOIN files f ON f.file_id = o.file_id
       WHERE NOT f.replaced GROUP BY o.event_id)
     SELECT list({
         j: ${listRowJsonSql("coalesce(o.kinds, [])")},
         id: s.id, t: strftime(s.time, ${ISO_TIME_FORMAT}), f: s.file_id, i: e.record_index,
         w: ${records ? "true" : "e.category = 'Insight'"}} ORDER BY s.n) AS rows,
       (SELECT count(*) FROM keys) > ${limit} AS more,
       ${oneScan ? "(SELECT count(*) FROM matches)::VARCHAR" : "NULL"} AS total,
       arg_max(s.k, s.n) AS last_key
     FROM shown s JOIN rows e ON e.r = s.r
     LEFT JOIN origins o ON o.event_id = s.id`,
    rowsWhere.params,
  );
  if (!found) throw new Error("the page query returned no row");
  return found;
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
      const where = eventFilterBuilder(filter);
      where.add(`time >= ${timestampParam(where, slice.from)}`);
      where.add(
        slice.last
          ? `time <= ${timestampParam(where, slice.to)}`
          : `time < ${timestampParam(where, slice.to)}`,
      );
      return pageStatement(store, where, {
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
    eventsJson: await withRecords(store, shown),
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
    `SELECT strftime(hour, ${ISO_TIME_FORMAT}) AS hour, sum(n)::DOUBLE AS n FROM event_counts
       WHERE hour > CAST($1 AS TIMESTAMP) AND hour < CAST($2 AS TIMESTAMP)
       GROUP BY hour ORDER BY hour`,
    [filter.from.replace("Z", ""), filter.to.replace("Z", "")],
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

/**
 * The page's rows as a JSON array: each row's text closed with its record
 * where one is shown (read from the packs), null elsewhere.
 */
async function withRecords(store: Store, rows: PageRow[]): Promise<string> {
  const places = rows.filter((r) => r.w).map((r) => ({ id: r.id, fileId: r.f, recordIndex: r.i }));
  const records = places.length > 0 ? await readEventRecords(store, places) : new Map();
  return `[${rows.map((r) => closeListRow(r.j, r.w ? (records.get(r.id) ?? null) : null)).join(",")}]`;
}

/**
 * A row of a page as its query returns it: its open JSON text, its id and
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

const HOUR_MS = 3_600_000;
/** Hours a page looks into first, from its edge (the range's end or the cursor). */
const WINDOW_HOURS = [1, 8, 64];

/**
 * The nearest stretch from the page's edge that holds a whole page of
 * matching events; null when the page needs the whole rest of the range.
 * Counting a few hours reads a few row groups; the top-N over the range would
 * read its every row. In time order the stretch is a time window. Sorted by a
 * column, events of one value follow each other newest first: a page that
 * starts in value `k` (the cursor's, or the first of the view) and holds no
 * other lies in a time window of `k`'s events, fetched like a time-ordered
 * page instead of rows scattered over the whole store.
 */
async function pageWindow(
  store: Store,
  filter: EventFilter,
  sort: EventSort,
  cursor: Cursor | null,
  limit: number,
): Promise<((where: WhereBuilder) => string) | null> {
  const key = sortKeySql(sort);
  let inGroup: ((where: WhereBuilder) => string) | null = null;
  if (key && sort.field !== "time") {
    const first = cursor
      ? (cursor.key ?? null)
      : await firstSortKey(store, filter, FIELD_COLUMN[sort.field], key, sort.descending);
    if (first === null) return null;
    inGroup = (where) => `${key} = ${where.param(first)}`;
  }
  // Events of one value of the sort key come newest first; in time order, as the sort says.
  const newestFirst = inGroup !== null || sort.descending;
  const edge = Date.parse(cursor?.time ?? (newestFirst ? filter.to : filter.from));
  const far = Date.parse(newestFirst ? filter.from : filter.to);
  for (const hours of [...WINDOW_HOURS, Infinity]) {
    const bound = newestFirst ? edge - hours * HOUR_MS : edge + hours * HOUR_MS;
    const whole = newestFirst ? bound <= far : bound >= far;
    // In time order the whole rest of the range is no window; in a key's group it is one.
    if (whole && !inGroup) return null;
    const inTime = (where: WhereBuilder) =>
      whole
        ? "true"
        : `time ${newestFirst ? ">=" : "<="} ${timestampParam(where, new Date(bound).toISOString())}`;
    const condition = (where: WhereBuilder) =>
      inGroup ? `${inGroup(where)} AND ${inTime(where)}` : inTime(where);
    const probe = eventFilterBuilder(filter);
    if (cursor) probe.add(afterCursorSql(probe, sort, cursor));
    probe.add(condition(probe));
    const where = probe.build();
    const [found] = await store.query<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM (SELECT 1 FROM events ${where.sql} LIMIT ${limit + 1})`,
      where.params,
    );
    if ((found?.n ?? 0) > limit) return condition;
    if (whole) return null;
  }
  return null;
}

/** The first sort key (`key`, of `column`) of the matching events, from counted rows where they serve. */
async function firstSortKey(
  store: Store,
  filter: EventFilter,
  column: string,
  key: string,
  descending: boolean,
): Promise<string | null> {
  const counted = countedEventsSql(filter, [column]);
  const [found] = await store.query<{ k: string | null }>(
    `SELECT ${descending ? "max" : "min"}(${key}) AS k FROM ${counted.sql}`,
    counted.params,
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
    const rows = await store.query<StoredEventPlace & Record<string, unknown>>(
      `SELECT ${EVENT_PLACE_SELECT} FROM events
         WHERE time BETWEEN make_timestamp($2::BIGINT) AND make_timestamp($3::BIGINT) AND id = $1`,
      [id, String((t - NEAR_MINUTES * 60_000) * 1000), String((t + NEAR_MINUTES * 60_000) * 1000)],
    );
    const [event] = await hydrateFullEvents(store, rows);
    if (event) return event;
  }
  const rows = await store.query<StoredEventPlace & Record<string, unknown>>(
    `SELECT ${EVENT_PLACE_SELECT} FROM events WHERE id = $1`,
    [id],
  );
  const [event] = await hydrateFullEvents(store, rows);
  return event ?? null;
}
