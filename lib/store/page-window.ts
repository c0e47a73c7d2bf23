import { type Cursor, type EventFilter, type EventSort } from "../query/event-query";
import { FIELD_COLUMN } from "../cloudtrail/fields";
import type { Store } from "./database";
import { countedEventsSql } from "./counted-events";
import { eventFilterSql } from "./event-filter-sql";
import { afterCursorSql, sortKeySql } from "./event-order-sql";
import { type Sql, sql, timestamp } from "./sql";

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
export async function pageWindow(
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
