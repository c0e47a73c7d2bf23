import "server-only";
import type { EventFilter } from "../query/event-query";
import type { JsonRow, Store } from "./database";
import { eventFilterWhere } from "./event-filter-sql";
import { readEventRecords } from "./event-records";
import { ISO_TIME_FORMAT } from "./event-rows";

/** Every event matching a filter, for export: newest first, a chunk at a time. */

/** A stored event as exported (the CSV's facts). */
export interface ExportedEvent extends JsonRow {
  id: string;
  time: string;
  category: string;
  event_name: string;
  event_source: string;
  principal: string;
  principal_type: string | null;
  principal_arn: string | null;
  access_key_id: string | null;
  account: string | null;
  region: string | null;
  source_ip: string | null;
  user_agent: string | null;
  read_only: boolean | null;
  error_code: string | null;
  error_message: string | null;
  request_id: string | null;
  shared_event_id: string | null;
  /** Each resource's ARN, or its label when it has none. */
  resource_names: string[];
  /** Kinds of source it was read from, space-separated (`local lookup`). */
  read_from: string | null;
}

/** Kinds of source of each exported event: its own file's and its copies' (not replaced). */
const READ_FROM_SQL = `(
  SELECT string_agg(DISTINCT f.kind, ' ' ORDER BY f.kind) FROM files f
  WHERE NOT f.replaced AND (f.file_id = events.file_id OR f.file_id IN (
    SELECT c.file_id FROM event_copies c
    WHERE c.event_id = events.id AND c.event_time = events.time)))`;

export function exportEventRows(
  store: Store,
  filter: EventFilter,
): AsyncGenerator<ExportedEvent[]> {
  const where = eventFilterWhere(filter);
  return store.stream<ExportedEvent>(
    `SELECT id, strftime(time, ${ISO_TIME_FORMAT}) AS time, category, event_name,
       event_source, principal, principal_type, principal_arn, access_key_id, account, region,
       source_ip, user_agent, read_only, error_code, error_message, request_id, shared_event_id,
       resource_names, ${READ_FROM_SQL} AS read_from
     FROM events ${where.sql}
     ORDER BY time DESC, id DESC`,
    where.params,
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
  const where = eventFilterWhere(filter);
  const places = store.stream<{ id: string; file_id: number; record_index: number }>(
    `SELECT id, file_id, record_index FROM events ${where.sql} ORDER BY time DESC, id DESC`,
    where.params,
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
