import os from "node:os";
import { DEFAULT_SORT, encodeCursor, type EventFilter } from "../query/event-query";
import type { Store } from "./database";
import { eventFilterSql } from "./event-filter-sql";
import { ISO_TIME_FORMAT } from "./event-rows";
import { pageEventsJson, pageStatement } from "./page-statement";
import type { EventPageJson, PageRequest } from "./query-events";
import { sql, timestamp } from "./sql";

/**
 * The first page in time order of a view its counts cannot answer (free text,
 * a principal, an IP...): every matching event must be read to count them.
 * The range is cut into slices of about as many events each (from the hourly
 * counts), one per core, read side by side; each gives its count and its own
 * first page, and the slices' pages follow each other in time.
 */
export async function slicedFirstPage(
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
      // The last slice ends where the range does: inclusive.
      const before = sql.raw(slice.last ? "<=" : "<");
      const inSlice = sql`time >= ${timestamp(slice.from)} AND time ${before} ${timestamp(slice.to)}`;
      return pageStatement(store, sql`${eventFilterSql(filter)} AND ${inSlice}`, {
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
    eventsJson: await pageEventsJson(store, shown),
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
    sql`SELECT strftime(hour, ${ISO_TIME_FORMAT}) AS hour, sum(n)::DOUBLE AS n FROM event_counts
       WHERE hour > ${timestamp(filter.from)} AND hour < ${timestamp(filter.to)}
       GROUP BY hour ORDER BY hour`,
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
