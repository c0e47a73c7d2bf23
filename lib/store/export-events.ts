import "server-only";
import { STORED_FIELDS } from "../cloudtrail/fields";
import type { EventFilter } from "../query/event-query";
import type { JsonRow, Store } from "./database";
import { eventFilterSql } from "./event-filter-sql";
import { readEventRecords } from "./event-records";
import { ISO_TIME_FORMAT } from "./event-rows";
import { sql } from "./sql";

/** Every event matching a filter, for export: newest first, a chunk at a time. */

/** The stored fields the CSV export holds (those with a `csv` header, lib/cloudtrail/fields.ts). */
export const EXPORTED_FIELDS = STORED_FIELDS.filter((f) => f.csv !== undefined);

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

/** Kinds of source of each exported event: its own file's and its copies' (not replaced). */
const READ_FROM_SQL = sql`(
  SELECT string_agg(DISTINCT f.kind, ' ' ORDER BY f.kind) FROM files f
  WHERE NOT f.replaced AND (f.file_id = events.file_id OR f.file_id IN (
    SELECT c.file_id FROM event_copies c
    WHERE c.event_id = events.id AND c.event_time = events.time)))`;

export function exportEventRows(
  store: Store,
  filter: EventFilter,
): AsyncGenerator<ExportedEvent[]> {
  const fields = EXPORTED_FIELDS.map((f) => {
    const column = sql.raw(f.column);
    const value = f.type === "time" ? sql`strftime(${column}, ${ISO_TIME_FORMAT})` : column;
    return sql`${value} AS ${sql.raw(`"${f.key}"`)}`;
  });
  return store.stream<ExportedEvent>(
    sql`SELECT ${sql.join(fields, ", ")}, resource_names, ${READ_FROM_SQL} AS read_from
     FROM events WHERE ${eventFilterSql(filter)}
     ORDER BY time DESC, id DESC`,
  );
}

/**
 * The records matching a filter as delivered (JSON text), newest first, a
 * chunk at a time, read back from the store's copies of their files.
 */
export async function* exportRawRecords(
  store: Store,
  filter: EventFilter,
): AsyncGenerator<string[]> {
  const places = store.stream<{ id: string; file_id: number; record_index: number }>(
    sql`SELECT id, file_id, record_index FROM events WHERE ${eventFilterSql(filter)}
      ORDER BY time DESC, id DESC`,
  );
  for await (const chunk of places) {
    const texts = await readEventRecords(
      store,
      chunk.map((p) => ({ id: p.id, fileId: p.file_id, recordIndex: p.record_index })),
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
