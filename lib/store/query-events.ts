import { eventListRowSchema, type EventListRow, type EventRow } from "../cloudtrail/event-schema";
import {
  type Cursor,
  decodeCursor,
  DEFAULT_SORT,
  encodeCursor,
  type EventFilter,
  type EventSort,
} from "../query/event-query";
import type { Store } from "./database";
import { countedEventsSql } from "./counted-events";
import { eventFilterBuilder, timestampParam, type WhereBuilder } from "./event-filter-sql";
import { afterCursorSql, orderBySql, sortKeySql } from "./event-order-sql";
import { EVENT_SELECT, eventJsonSql, hydrateFullEvents, ISO_TIME_FORMAT } from "./event-rows";

export interface EventPage {
  events: EventListRow[];
  /** Distinct events matching the filter (all pages); null on pages after the first. */
  total: number | null;
  nextCursor: string | null;
}

/** A page with its events as the JSON text of an array (see eventJsonSql). */
export interface EventPageJson {
  eventsJson: string;
  /** Events in `eventsJson`. */
  count: number;
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
 * (sorting whole rows would read every record of the range), then their rows
 * and origins, written as JSON by DuckDB. Newest-first pages join their rows
 * by (id, time): the keys' time bounds let DuckDB read a few row groups. Pages
 * sorted by a column are scattered over the whole store: their rows are
 * fetched by rowid (one statement sees one snapshot, so the rowids hold). A
 * list leaves out the records but Insights', fetched apart: the record column
 * of 1,000 scattered rows costs more than the rest of the page. A page after
 * the first is not counted again: the first page's total stands for the view.
 */
export async function queryEventPageJson(
  store: Store,
  filter: EventFilter,
  page: PageRequest,
): Promise<EventPageJson> {
  const sort = page.sort ?? DEFAULT_SORT;
  const cursor = page.cursor ? decodeCursor(page.cursor) : null;
  const limit = page.limit;
  const window = await pageWindow(store, filter, sort, cursor, limit);
  const rowsBuilder = eventFilterBuilder(filter);
  if (cursor) rowsBuilder.add(afterCursorSql(rowsBuilder, sort, cursor));
  if (window) rowsBuilder.add(window(rowsBuilder));
  const rowsWhere = rowsBuilder.build();
  const key = sortKeySql(sort);
  const records = page.records !== false;
  const unread = records ? "EXCLUDE (resource_labels)" : "EXCLUDE (resource_labels, raw)";
  // The page's rows of events (`e`): by rowid when scattered, else by key (see above).
  const pageRows = key
    ? "events e WHERE e.rowid IN (SELECT r FROM shown)"
    : "events e JOIN shown ON e.id = shown.id AND e.time = shown.time WHERE true";
  const rows = `SELECT e.rowid AS r, e.* ${unread} FROM ${pageRows}`;
  const pageQuery = store.query<{
    events: string | null;
    rows: number;
    more: boolean;
    last_time: string | null;
    last_id: string | null;
    last_key: string | null;
  }>(
    `WITH keys AS MATERIALIZED (
       SELECT rowid AS r, id, time, ${key ?? "NULL::VARCHAR"} AS k FROM events ${rowsWhere.sql}
       ORDER BY ${orderBySql(sort)} LIMIT ${limit + 1}),
     shown AS MATERIALIZED (
       SELECT * FROM (
         SELECT *, row_number() OVER (ORDER BY ${orderBySql(sort, "k")}) AS n FROM keys)
       WHERE n <= ${limit}),
     rows AS (${rows}),
     insights AS (
       SELECT e.rowid AS r, e.raw FROM ${pageRows}
         AND ${records ? "false" : "e.category = 'Insight'"}),
     found AS MATERIALIZED (
       SELECT o.event_id, o.kind, o.source, o.key
       FROM event_origins o JOIN shown ON o.event_id = shown.id AND o.event_time = shown.time),
     origins AS (
       SELECT event_id, list({kind: kind, source: source, key: key} ORDER BY kind, source, key) AS list
       FROM (SELECT DISTINCT * FROM found) GROUP BY event_id)
     SELECT '[' || string_agg(${eventJsonSql("coalesce(o.list, [])", records ? "e.raw" : "i.raw")},
                              ',' ORDER BY s.n) || ']' AS events,
       count(*)::INTEGER AS rows,
       (SELECT count(*) FROM keys) > ${limit} AS more,
       strftime(arg_max(s.time, s.n), ${ISO_TIME_FORMAT}) AS last_time,
       arg_max(s.id, s.n) AS last_id,
       arg_max(s.k, s.n) AS last_key
     FROM shown s JOIN rows e ON e.r = s.r
     LEFT JOIN origins o ON o.event_id = s.id
     LEFT JOIN insights i ON i.r = s.r`,
    rowsWhere.params,
  );
  const counted = countedEventsSql(filter, []);
  const countQuery = cursor
    ? null
    : store.query<{ total: string }>(
        `SELECT coalesce(sum(n), 0)::VARCHAR AS total FROM ${counted.sql}`,
        counted.params,
      );
  const [[found], counts] = await Promise.all([pageQuery, countQuery]);
  if (!found) throw new Error("the page query returned no row");
  return {
    eventsJson: found.events ?? "[]",
    count: found.rows,
    total: counts ? Number(counts[0]?.total ?? 0) : null,
    nextCursor:
      found.more && found.last_time !== null && found.last_id !== null
        ? encodeCursor(
            key
              ? { time: found.last_time, id: found.last_id, key: found.last_key ?? "" }
              : { time: found.last_time, id: found.last_id },
          )
        : null,
  };
}

const HOUR_MS = 3_600_000;
/** Hours a time-ordered page looks into first, from its edge (the range's end or the cursor). */
const WINDOW_HOURS = [1, 8, 64];

/**
 * For a page in time order, the nearest stretch from its edge that holds a
 * page of matching events, as a condition on time; null when the page needs
 * the whole rest of the range (or is sorted by a column). Counting a few hours
 * reads a few row groups; the top-N over the range would read its every time.
 */
async function pageWindow(
  store: Store,
  filter: EventFilter,
  sort: EventSort,
  cursor: Cursor | null,
  limit: number,
): Promise<((where: WhereBuilder) => string) | null> {
  if (sort.field !== "time") return null;
  const edge = Date.parse(cursor?.time ?? (sort.descending ? filter.to : filter.from));
  const far = Date.parse(sort.descending ? filter.from : filter.to);
  for (const hours of WINDOW_HOURS) {
    const bound = sort.descending ? edge - hours * HOUR_MS : edge + hours * HOUR_MS;
    if (sort.descending ? bound <= far : bound >= far) return null;
    const inWindow = (where: WhereBuilder) =>
      `time ${sort.descending ? ">=" : "<="} ${timestampParam(where, new Date(bound).toISOString())}`;
    const probe = eventFilterBuilder(filter);
    if (cursor) probe.add(afterCursorSql(probe, sort, cursor));
    probe.add(inWindow(probe));
    const where = probe.build();
    const [found] = await store.query<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM (SELECT 1 FROM events ${where.sql} LIMIT ${limit + 1})`,
      where.params,
    );
    if ((found?.n ?? 0) > limit) return inWindow;
  }
  return null;
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
    const rows = await store.query(
      `SELECT ${EVENT_SELECT} FROM events
         WHERE time BETWEEN make_timestamp($2::BIGINT) AND make_timestamp($3::BIGINT) AND id = $1`,
      [id, String((t - NEAR_MINUTES * 60_000) * 1000), String((t + NEAR_MINUTES * 60_000) * 1000)],
    );
    const [event] = await hydrateFullEvents(store, rows);
    if (event) return event;
  }
  const rows = await store.query(`SELECT ${EVENT_SELECT} FROM events WHERE id = $1`, [id]);
  const [event] = await hydrateFullEvents(store, rows);
  return event ?? null;
}
