import { eventListRowSchema, type EventListRow, type EventRow } from "../cloudtrail/event-schema";
import {
  decodeCursor,
  DEFAULT_SORT,
  encodeCursor,
  type EventFilter,
  type EventSort,
} from "../query/event-query";
import type { Store } from "./database";
import { eventFilterBuilder, eventFilterWhere } from "./event-filter-sql";
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
  const rowsBuilder = eventFilterBuilder(filter);
  if (cursor) rowsBuilder.add(afterCursorSql(rowsBuilder, sort, cursor));
  const rowsWhere = rowsBuilder.build();
  const key = sortKeySql(sort);
  const limit = page.limit;
  const records = page.records !== false;
  const rows = key
    ? `SELECT rowid AS r, * ${records ? "" : "EXCLUDE (raw)"} FROM events
         WHERE rowid IN (SELECT r FROM shown)`
    : `SELECT e.rowid AS r, e.* ${records ? "" : "EXCLUDE (raw)"} FROM events e
         JOIN shown ON e.id = shown.id AND e.time = shown.time`;
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
       SELECT rowid AS r, raw FROM events
       WHERE ${records ? "false" : "rowid IN (SELECT r FROM shown) AND category = 'Insight'"}),
     origins AS (
       SELECT event_id, list({kind: kind, source: source, key: key} ORDER BY kind, source, key) AS list
       FROM (SELECT DISTINCT o.event_id, o.kind, o.source, o.key
             FROM event_origins o JOIN shown ON o.event_id = shown.id AND o.event_time = shown.time)
       GROUP BY event_id)
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
  const countWhere = eventFilterWhere(filter);
  const countQuery = cursor
    ? null
    : store.query<{ total: string }>(
        `SELECT count(*)::VARCHAR AS total FROM events ${countWhere.sql}`,
        countWhere.params,
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
