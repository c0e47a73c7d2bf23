import { eventListRowSchema, type EventListRow } from "../cloudtrail/event-schema";
import {
  decodeCursor,
  DEFAULT_SORT,
  encodeCursor,
  type EventFilter,
  type EventSort,
} from "../query/event-query";
import type { Store } from "./database";
import { countedTotalSql, countsCover } from "./counted-events";
import { eventFilterSql } from "./event-filter-sql";
import { afterCursorSql, sortKeySql } from "./event-order-sql";
import { pageEventsJson, pageStatement } from "./page-statement";
import { pageWindow } from "./page-window";
import { slicedFirstPage } from "./sliced-first-page";
import { sql } from "./sql";

export interface EventPage {
  events: EventListRow[];
  /** Distinct events matching the filter (all pages); null on pages after the first. */
  total: number | null;
  nextCursor: string | null;
}

/** A page with its events as the JSON text of an array (see listRowJsonSql). */
export interface EventPageJson {
  eventsJson: string;
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
 * with a keyset cursor for the next, in one statement (page-statement.ts),
 * and their records, when shown, read from the packs. Pages inside a time
 * window (page-window.ts) join their rows by (id, time): the keys' time
 * bounds let DuckDB read a few row groups. Other pages sorted by a column are
 * scattered over the whole store: their rows are fetched by rowid (one
 * statement sees one snapshot, so the rowids hold). A page after the first is
 * not counted again: the first page's total stands for the view. A first page
 * whose count must read the events anyway (a filter event_counts does not
 * keep: free text, principal, IP...) is found in the same scan as its count;
 * in time order, in slices read side by side (sliced-first-page.ts).
 */
export async function queryEventPageJson(
  store: Store,
  filter: EventFilter,
  page: PageRequest,
): Promise<EventPageJson> {
  const sort = page.sort ?? DEFAULT_SORT;
  const cursor = page.cursor ? decodeCursor(page.cursor) : null;
  const limit = page.limit;
  const byColumn = sortKeySql(sort) !== null;
  const oneScan = cursor === null && !countsCover(filter);
  if (oneScan && !byColumn) return slicedFirstPage(store, filter, page);
  const window = oneScan ? null : await pageWindow(store, filter, sort, cursor, limit);
  const conditions = [eventFilterSql(filter)];
  if (cursor) conditions.push(afterCursorSql(sort, cursor));
  if (window) conditions.push(window);
  // The first page counts the view: from its counted rows, or in its own scan.
  const counting =
    cursor || oneScan ? null : store.query<{ total: string }>(countedTotalSql(filter));
  const [found, counts] = await Promise.all([
    pageStatement(store, sql.join(conditions, " AND "), {
      sort,
      limit,
      scattered: byColumn && !window,
      oneScan,
      records: page.records,
    }),
    counting,
  ]);
  const total = counts ? Number(counts[0]?.total ?? 0) : oneScan ? Number(found.total ?? 0) : null;
  const last = found.rows?.at(-1);
  return {
    eventsJson: await pageEventsJson(store, found.rows ?? []),
    total,
    nextCursor:
      found.more && last
        ? encodeCursor(
            byColumn
              ? { time: last.t, id: last.id, key: found.last_key ?? "" }
              : { time: last.t, id: last.id },
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
