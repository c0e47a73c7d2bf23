import type { EventRow } from "../cloudtrail/event-schema";
import { decodeCursor, encodeCursor, type EventFilter } from "../query/event-query";
import type { Store } from "./database";
import { eventFilterWhere } from "./event-filter-sql";
import { EVENT_SELECT, hydrateEvents } from "./event-rows";

export interface EventPage {
  events: EventRow[];
  /** Distinct events matching the filter (all pages). */
  total: number;
  nextCursor: string | null;
}

/** One page of matching events, newest first, with a keyset cursor for the next. */
export async function queryEventPage(
  store: Store,
  filter: EventFilter,
  page: { limit: number; cursor: string | null },
): Promise<EventPage> {
  const cursor = page.cursor ? decodeCursor(page.cursor) : null;
  const rowsWhere = eventFilterWhere(filter, cursor);
  const countWhere = eventFilterWhere(filter);
  const [rows, counts] = await Promise.all([
    store.query(
      `SELECT ${EVENT_SELECT} FROM events ${rowsWhere.sql}
         ORDER BY time DESC, id DESC LIMIT ${page.limit + 1}`,
      rowsWhere.params,
    ),
    store.query<{ total: string }>(
      `SELECT count(*)::VARCHAR AS total FROM events ${countWhere.sql}`,
      countWhere.params,
    ),
  ]);
  const hasMore = rows.length > page.limit;
  const events = await hydrateEvents(store, rows.slice(0, page.limit));
  const last = events[events.length - 1];
  return {
    events,
    total: Number(counts[0]?.total ?? 0),
    nextCursor: hasMore && last ? encodeCursor({ time: last.time, id: last.id }) : null,
  };
}

export async function getEventById(store: Store, id: string): Promise<EventRow | null> {
  const rows = await store.query(`SELECT ${EVENT_SELECT} FROM events WHERE id = $1`, [id]);
  const [event] = await hydrateEvents(store, rows);
  return event ?? null;
}
