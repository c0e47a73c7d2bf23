import type { EventListRow, EventRow } from "../cloudtrail/event-schema";
import {
  decodeCursor,
  DEFAULT_SORT,
  encodeCursor,
  type EventFilter,
  type EventSort,
} from "../query/event-query";
import type { JsonRow, Store } from "./database";
import { eventFilterBuilder, eventFilterWhere } from "./event-filter-sql";
import { afterCursorSql, orderBySql, sortKeySql } from "./event-order-sql";
import { EVENT_LIST_SELECT, EVENT_SELECT, hydrateEvents, hydrateFullEvents } from "./event-rows";

export interface EventPage {
  events: EventListRow[];
  /** Distinct events matching the filter (all pages). */
  total: number;
  nextCursor: string | null;
}

/** One page of matching events in the sort order (newest first by default), with a keyset cursor for the next. */
export async function queryEventPage(
  store: Store,
  filter: EventFilter,
  page: {
    limit: number;
    cursor: string | null;
    sort?: EventSort;
    /** False: leave the records out (but Insights'): see eventListRowSchema. */
    records?: boolean;
  },
): Promise<EventPage> {
  const sort = page.sort ?? DEFAULT_SORT;
  const cursor = page.cursor ? decodeCursor(page.cursor) : null;
  const rowsBuilder = eventFilterBuilder(filter);
  if (cursor) rowsBuilder.add(afterCursorSql(rowsBuilder, sort, cursor));
  const rowsWhere = rowsBuilder.build();
  const countWhere = eventFilterWhere(filter);
  const key = sortKeySql(sort);
  // Keys first: sorting the full rows would read every record of the range.
  const [keys, counts] = await Promise.all([
    store.query<{ id: string; t: string; k: string | null }>(
      `SELECT id, epoch_us(time)::VARCHAR AS t, ${key ?? "NULL"} AS k FROM events ${rowsWhere.sql}
         ORDER BY ${orderBySql(sort)} LIMIT ${page.limit + 1}`,
      rowsWhere.params,
    ),
    store.query<{ total: string }>(
      `SELECT count(*)::VARCHAR AS total FROM events ${countWhere.sql}`,
      countWhere.params,
    ),
  ]);
  const rows = await rowsByKeys(
    store,
    keys,
    page.records === false ? EVENT_LIST_SELECT : EVENT_SELECT,
  );
  const hasMore = rows.length > page.limit;
  const events = await hydrateEvents(store, rows.slice(0, page.limit));
  const last = events[events.length - 1];
  const lastKey = keys[events.length - 1]?.k;
  return {
    events,
    total: Number(counts[0]?.total ?? 0),
    nextCursor:
      hasMore && last
        ? encodeCursor(
            key
              ? { time: last.time, id: last.id, key: lastKey ?? "" }
              : { time: last.time, id: last.id },
          )
        : null,
  };
}

/** Full rows of the given (id, time) keys, in their order; the time span lets DuckDB skip row groups. */
async function rowsByKeys(
  store: Store,
  keys: { id: string; t: string }[],
  select: string,
): Promise<JsonRow[]> {
  if (keys.length === 0) return [];
  const times = keys.map((k) => BigInt(k.t));
  const min = times.reduce((a, b) => (b < a ? b : a));
  const max = times.reduce((a, b) => (b > a ? b : a));
  const ids = keys.map((k) => k.id);
  const placeholders = ids.map((_, i) => `$${i + 3}`).join(", ");
  const rows = await store.query(
    `SELECT ${select} FROM events
       WHERE time BETWEEN make_timestamp($1::BIGINT) AND make_timestamp($2::BIGINT)
         AND id IN (${placeholders})`,
    [min.toString(), max.toString(), ...ids],
  );
  const byId = new Map(rows.map((r) => [r.id as string, r]));
  return ids.map((id) => byId.get(id)).filter((r): r is JsonRow => r !== undefined);
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
