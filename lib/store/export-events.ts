import type { EventFilter } from "../query/event-query";
import type { JsonRow, Store } from "./database";
import { eventFilterWhere } from "./event-filter-sql";
import { ISO_TIME_FORMAT, type StoredEventColumns } from "./event-rows";

/** Every event matching a filter, for export: newest first, a chunk at a time. */

/** A stored event as exported: without the record and the fields the CSV leaves out. */
export type ExportedEvent = Omit<
  StoredEventColumns,
  "raw" | "service" | "event_type" | "event_version" | "actor" | "actor_type"
> &
  JsonRow & {
    /** Kinds of source it was read from, space-separated (`local lookup`). */
    read_from: string | null;
  };

export function exportEventRows(
  store: Store,
  filter: EventFilter,
): AsyncGenerator<ExportedEvent[]> {
  const where = eventFilterWhere(filter);
  return store.stream<ExportedEvent>(
    `SELECT id, strftime(time, ${ISO_TIME_FORMAT}) AS time, category, event_name,
       event_source, principal, principal_type, principal_arn, access_key_id, account, region,
       source_ip, user_agent, read_only, error_code, error_message, request_id, shared_event_id,
       resources,
       (SELECT string_agg(DISTINCT o.kind, ' ' ORDER BY o.kind) FROM event_origins o
         WHERE o.event_id = events.id) AS read_from
     FROM events ${where.sql}
     ORDER BY time DESC, id DESC`,
    where.params,
  );
}

/** The untouched records matching a filter, newest first, as JSON text. */
export function exportRawRecords(
  store: Store,
  filter: EventFilter,
): AsyncGenerator<{ raw: string }[]> {
  const where = eventFilterWhere(filter);
  return store.stream<{ raw: string }>(
    `SELECT raw FROM events ${where.sql} ORDER BY time DESC, id DESC`,
    where.params,
  );
}
