import { FIELD_COLUMN } from "../cloudtrail/fields";
import { type EventFilter } from "../query/event-query";
import { COUNTED_COLUMNS } from "./schema";
import { attributeConditions, filteredFields } from "./event-filter-sql";
import { type Sql, sql, timestamp } from "./sql";

/**
 * The events matching a filter as counted rows: `(columns…, n, first_time,
 * last_time)`, each row standing for `n` events. Over the whole hours of the
 * range they come from `event_counts` (a row per hour and combination of
 * attributes, written with the events), over the partial hours at its ends
 * from the events themselves (each end a range of its own, so DuckDB's zone
 * maps skip the rest of the store): counting a day then reads thousands of rows
 * instead of hundreds of thousands, and the result is exact. A filter or a
 * column that event_counts does not keep (principal, IP, user agent, access
 * key, resources, free text) reads the events alone. Queries over it sum `n`
 * where they would count rows.
 */

const HOUR_MS = 3_600_000;

const COUNTED = new Set<string>(COUNTED_COLUMNS);

/** Whether event_counts keeps a column of the events. */
export function isCounted(column: string): boolean {
  return COUNTED.has(column);
}

/** Whether event_counts can answer for the filter's attribute conditions. */
export function countsCover(filter: EventFilter): boolean {
  return (
    filter.q === null &&
    filter.integrity.length === 0 &&
    filteredFields(filter).every((f) => f !== "resource" && isCounted(FIELD_COLUMN[f]))
  );
}

/** The whole hours inside [from, to], as epoch ms [start, end); null when there is none. */
export function wholeHours(from: string, to: string): { start: number; end: number } | null {
  const start = Math.ceil(Date.parse(from) / HOUR_MS) * HOUR_MS;
  const end = Math.floor(Date.parse(to) / HOUR_MS) * HOUR_MS;
  return start < end ? { start, end } : null;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * A subquery (in parentheses) of the counted rows of the events matching
 * `filter`, with `columns` of them (names of the events' columns, from the
 * field table). `wholeHours: false` reads the events alone.
 */
export function countedEventsSql(
  filter: EventFilter,
  columns: readonly string[],
  options: { wholeHours?: boolean } = {},
): Sql {
  const from = timestamp(filter.from);
  const to = timestamp(filter.to);
  const and = sql.join(
    attributeConditions(filter).map((c) => sql` AND ${c}`),
    "",
  );
  const selected = sql.raw(columns.map((c) => `${c}, `).join(""));
  const fromEvents = (inTime: Sql) =>
    sql`SELECT ${selected}1::BIGINT AS n, time AS first_time, time AS last_time
       FROM events WHERE ${inTime}${and}`;
  const hours =
    options.wholeHours !== false && columns.every(isCounted) && countsCover(filter)
      ? wholeHours(filter.from, filter.to)
      : null;
  if (!hours) return sql`(${fromEvents(sql`time >= ${from} AND time <= ${to}`)})`;
  const start = timestamp(iso(hours.start));
  const end = timestamp(iso(hours.end));
  return sql`(
      SELECT ${selected}n, first_time, last_time FROM event_counts
        WHERE hour >= ${start} AND hour < ${end}${and}
      UNION ALL
      ${fromEvents(sql`time >= ${from} AND time < ${start}`)}
      UNION ALL
      ${fromEvents(sql`time >= ${end} AND time <= ${to}`)})`;
}

/** How many events match `filter` (a whole view's total), from its counted rows. */
export function countedTotalSql(filter: EventFilter): Sql {
  return sql`SELECT coalesce(sum(n), 0)::VARCHAR AS total FROM ${countedEventsSql(filter, [])}`;
}
