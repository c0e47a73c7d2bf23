import type { EventRow } from "../cloudtrail/event-schema";
import type { Store } from "./database";
import { EVENT_PLACE_SELECT, hydrateFullEvents, type StoredEventPlace } from "./event-rows";
import { type Sql, sql } from "./sql";

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
