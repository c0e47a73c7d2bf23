import type { TimeRange } from "../query/event-query";
import type { WorkKind } from "./admission";
import type { Store } from "./database";
import { ISO_TIME_FORMAT } from "./event-rows";
import { type Sql, sql, timestamp } from "./sql";

/**
 * A range cut at whole hours into slices of about as many events each, from
 * the hourly counts (event_counts): the first page reads its slices side by
 * side (sliced-first-page.ts), an export reads one after the other
 * (export-events.ts). The slices cover the whole range whatever the counts
 * say; the counts only place the cuts.
 */

export interface TimeSlice {
  from: string;
  to: string;
  /** The slice that ends at the range's end: inclusive, as the range is. */
  last: boolean;
}

export interface HourCount {
  /** The hour's start, ISO. */
  hour: string;
  n: number;
}

/** Events stored per hour strictly inside the range (its first, partial hour is cut at `from`). */
export function hourlyCounts(
  store: Store,
  range: TimeRange,
  work: WorkKind,
): Promise<(HourCount & Record<string, unknown>)[]> {
  return store.query<HourCount & Record<string, unknown>>(
    sql`SELECT strftime(hour, ${ISO_TIME_FORMAT}) AS hour, sum(n)::DOUBLE AS n FROM event_counts
       WHERE hour > ${timestamp(range.from)} AND hour < ${timestamp(range.to)}
       GROUP BY hour ORDER BY hour`,
    work,
  );
}

/** `range` cut at the start of some of `hours` (in time order) into up to `count` slices. */
export function cutRange(
  range: TimeRange,
  hours: readonly HourCount[],
  count: number,
): TimeSlice[] {
  const whole = [{ from: range.from, to: range.to, last: true }];
  const total = hours.reduce((n, h) => n + h.n, 0);
  if (count < 2 || hours.length < count || total === 0) return whole;
  const cuts: string[] = [];
  let seen = 0;
  for (const { hour, n } of hours) {
    // A cut at the start of the hour that passes the next share.
    if (seen >= (total * (cuts.length + 1)) / count && cuts.length < count - 1) cuts.push(hour);
    seen += n;
  }
  const bounds = [range.from, ...cuts, range.to];
  return bounds.slice(0, -1).map((from, i) => ({
    from,
    to: bounds[i + 1]!,
    last: i === bounds.length - 2,
  }));
}

/** The condition that keeps a slice's events. */
export function inSliceSql(slice: TimeSlice): Sql {
  const before = sql.raw(slice.last ? "<=" : "<");
  return sql`time >= ${timestamp(slice.from)} AND time ${before} ${timestamp(slice.to)}`;
}
