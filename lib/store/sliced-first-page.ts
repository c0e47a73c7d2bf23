import os from "node:os";
import { DEFAULT_SORT, encodeCursor, type EventFilter } from "../query/event-query";
import type { Store } from "./database";
import { eventFilterSql } from "./event-filter-sql";
import { pageEventsJson, pageStatement } from "./page-statement";
import type { EventPageJson, PageRequest } from "./query-events";
import { sql } from "./sql";
import { cutRange, hourlyCounts, inSliceSql } from "./time-slices";

/**
 * The first page in time order of a view its counts cannot answer (free text,
 * a principal, an IP...): every matching event must be read to count them.
 * The range is cut into slices of about as many events each (time-slices.ts),
 * one per core, read side by side; each gives its count and its own first
 * page, and the slices' pages follow each other in time.
 */
export async function slicedFirstPage(
  store: Store,
  filter: EventFilter,
  page: PageRequest,
): Promise<EventPageJson> {
  const sort = page.sort ?? DEFAULT_SORT;
  const slices =
    SLICES < 2
      ? cutRange(filter, [], SLICES)
      : cutRange(filter, await hourlyCounts(store, filter, "pages"), SLICES);
  // Newest first: the slice at the range's end leads.
  if (sort.descending) slices.reverse();
  const found = await Promise.all(
    slices.map((slice) =>
      pageStatement(store, sql`${eventFilterSql(filter)} AND ${inSliceSql(slice)}`, {
        sort,
        limit: page.limit,
        scattered: false,
        oneScan: true,
        records: page.records,
      }),
    ),
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
