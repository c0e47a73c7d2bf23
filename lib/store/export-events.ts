import "server-only";
import { STORED_FIELDS } from "../cloudtrail/fields";
import { type Cursor, DEFAULT_SORT, type EventFilter } from "../query/event-query";
import type { JsonRow, Store } from "./database";
import { eventFilterSql } from "./event-filter-sql";
import { afterCursorSql } from "./event-order-sql";
import { readEventRecords } from "./event-records";
import { ISO_TIME_FORMAT, ORIGIN_FILES_SQL } from "./event-rows";
import { type Sql, sql } from "./sql";
import { cutRange, hourlyCounts, inSliceSql } from "./time-slices";

/**
 * Every event matching a filter, for export: newest first, a chunk at a time.
 * Each chunk is one short query of its own on an `exports` connection
 * (admission.ts): the range is cut into time windows (time-slices.ts) and each
 * window read in keyset order, so no sort of the whole view is held open while
 * the client reads at its own pace, and a stalled export holds no connection
 * and no more than one chunk in memory (#22).
 */

/** The stored fields the CSV export holds (those with a `csv` header, lib/cloudtrail/fields.ts). */
export const EXPORTED_FIELDS = STORED_FIELDS.filter((f) => f.csv !== undefined);

/** Rows per chunk: what an export holds in memory at once. */
export const EXPORT_CHUNK_ROWS = 1000;
/** Stored events per time window (a window's chunks read only its row groups). */
const WINDOW_EVENTS = 5 * EXPORT_CHUNK_ROWS;

/**
 * A stored event as exported: each exported field's value by its key (times
 * as ISO text), its resources and where it was read from.
 */
export interface ExportedEvent extends JsonRow {
  [field: string]: string | boolean | null | string[];
  /** Each resource's ARN, or its label when it has none. */
  resource_names: string[];
  /** Kinds of source it was read from, space-separated (`local lookup`). */
  read_from: string | null;
}

/** What every chunk row carries besides its columns: where the next chunk continues. */
interface ChunkKey extends JsonRow {
  id: string;
  /** Its time, ISO. */
  t: string;
}

/** Newest first; the order the keyset continues in. */
const NEWEST_FIRST = sql`time DESC, id DESC`;
const LIMIT = sql.number(EXPORT_CHUNK_ROWS);

/**
 * The matching events in chunks of EXPORT_CHUNK_ROWS rows, newest first:
 * `statement` makes a chunk's query from its condition (rows in NEWEST_FIRST
 * order, at most LIMIT, each with ChunkKey).
 */
async function* timeOrderedChunks<T extends ChunkKey>(
  store: Store,
  filter: EventFilter,
  statement: (where: Sql) => Sql,
): AsyncGenerator<T[]> {
  const hours = await hourlyCounts(store, filter, "exports");
  const stored = hours.reduce((n, h) => n + h.n, 0);
  const windows = cutRange(
    filter,
    hours,
    Math.min(hours.length, Math.ceil(stored / WINDOW_EVENTS)),
  ).reverse();
  for (const window of windows) {
    let after: Cursor | null = null;
    for (;;) {
      const conditions = [eventFilterSql(filter), inSliceSql(window)];
      if (after) conditions.push(afterCursorSql(DEFAULT_SORT, after));
      const rows = await store.query<T>(statement(sql.join(conditions, " AND ")), "exports");
      if (rows.length > 0) yield rows;
      if (rows.length < EXPORT_CHUNK_ROWS) break;
      const last = rows[rows.length - 1]!;
      after = { time: last.t, id: last.id };
    }
  }
}

/** Each exported field's value by its key (struct entries), times as ISO text, over the events row `e`. */
const EXPORTED_VALUES = sql.join(
  EXPORTED_FIELDS.map((f) => {
    const column = sql.raw(`e."${f.column}"`);
    const value = f.type === "time" ? sql`strftime(${column}, ${ISO_TIME_FORMAT})` : column;
    return sql`${sql.raw(`"${f.key}"`)}: ${value}`;
  }),
  ", ",
);

/**
 * A CSV chunk: its keys first (ranking whole rows would read every column of
 * the window), then the events' exported fields and the kinds of source of
 * their origins, as a page of the table reads them (page-statement.ts), each
 * event written as JSON by DuckDB (`j`): a thousand texts reach Node faster
 * than tens of thousands of values to convert, on the thread every request shares.
 */
function exportedChunkSql(where: Sql): Sql {
  return sql`WITH chunk AS MATERIALIZED (
       SELECT id, time, file_id FROM events WHERE ${where} ORDER BY ${NEWEST_FIRST} LIMIT ${LIMIT}),
     events_of_origins AS (SELECT id, time, file_id FROM chunk),
     origins AS (
       SELECT o.event_id, array_to_string(list_sort(list_distinct(list(f.kind))), ' ') AS read_from
       FROM (${ORIGIN_FILES_SQL}) o JOIN files f ON f.file_id = o.file_id
       WHERE NOT f.replaced GROUP BY o.event_id)
     SELECT to_json({${EXPORTED_VALUES}, resource_names: e.resource_names,
         read_from: o.read_from})::VARCHAR AS j,
       c.id, strftime(c.time, ${ISO_TIME_FORMAT}) AS t
     FROM chunk c JOIN events e ON e.id = c.id AND e.time = c.time
     LEFT JOIN origins o ON o.event_id = c.id
     ORDER BY c.time DESC, c.id DESC`;
}

export async function* exportEventRows(
  store: Store,
  filter: EventFilter,
): AsyncGenerator<ExportedEvent[]> {
  const chunks = timeOrderedChunks<ChunkKey & { j: string }>(store, filter, exportedChunkSql);
  for await (const chunk of chunks) yield chunk.map((row) => JSON.parse(row.j) as ExportedEvent);
}

/**
 * The records matching a filter as delivered (JSON text), newest first, a
 * chunk at a time, read back from the store's copies of their files.
 */
export async function* exportRawRecords(
  store: Store,
  filter: EventFilter,
): AsyncGenerator<string[]> {
  const places = timeOrderedChunks<ChunkKey & { file_id: number; record_index: number }>(
    store,
    filter,
    (where) =>
      sql`SELECT id, strftime(time, ${ISO_TIME_FORMAT}) AS t, file_id, record_index
        FROM events WHERE ${where} ORDER BY ${NEWEST_FIRST} LIMIT ${LIMIT}`,
  );
  for await (const chunk of places) {
    const texts = await readEventRecords(
      store,
      chunk.map((p) => ({ id: p.id, fileId: p.file_id, recordIndex: p.record_index })),
      { work: "exports" },
    );
    yield chunk.map((p) => {
      const text = texts.get(p.id);
      if (text === undefined) {
        throw new Error(
          `the record of event ${p.id} could not be read from the store's copy of its file`,
        );
      }
      return text;
    });
  }
}
