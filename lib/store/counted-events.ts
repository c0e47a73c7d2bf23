import { FIELD_COLUMN } from "../cloudtrail/fields";
import { type EventFilter } from "../query/event-query";
import { COUNTED_COLUMNS } from "./schema";
import {
  attributeClauses,
  filteredFields,
  type SqlFragment,
  timestampParam,
  WhereBuilder,
} from "./event-filter-sql";

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
 * `filter`, with `columns` of them. `wholeHours: false` reads the events alone.
 * `where`: a builder whose parameters it continues (several fragments in one statement).
 */
export function countedEventsSql(
  filter: EventFilter,
  columns: readonly string[],
  options: { wholeHours?: boolean; where?: WhereBuilder } = {},
): SqlFragment {
  const where = options.where ?? new WhereBuilder();
  const from = timestampParam(where, filter.from);
  const to = timestampParam(where, filter.to);
  const attributes = attributeClauses(where, filter);
  const and = attributes.map((c) => ` AND ${c}`).join("");
  const selected = columns.map((c) => `${c}, `).join("");
  const fromEvents = (time: string) =>
    `SELECT ${selected}1::BIGINT AS n, time AS first_time, time AS last_time
       FROM events WHERE ${time}${and}`;
  const hours =
    options.wholeHours !== false && columns.every(isCounted) && countsCover(filter)
      ? wholeHours(filter.from, filter.to)
      : null;
  if (!hours) {
    return { sql: `(${fromEvents(`time >= ${from} AND time <= ${to}`)})`, params: where.params };
  }
  const start = timestampParam(where, iso(hours.start));
  const end = timestampParam(where, iso(hours.end));
  return {
    sql: `(
      SELECT ${selected}n, first_time, last_time FROM event_counts
        WHERE hour >= ${start} AND hour < ${end}${and}
      UNION ALL
      ${fromEvents(`time >= ${from} AND time < ${start}`)}
      UNION ALL
      ${fromEvents(`time >= ${end} AND time <= ${to}`)})`,
    params: where.params,
  };
}
