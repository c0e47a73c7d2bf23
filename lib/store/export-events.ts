import type { EventFilter } from "../query/event-query";
import type { Store } from "./database";
import { eventFilterWhere } from "./event-filter-sql";

/** Every event matching a filter, for export: newest first, a chunk at a time. */

export interface ExportedEvent {
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
  /** JSON array of the event's resources, as stored. */
  resources: string;
  /** Kinds of source it was read from, space-separated (`local lookup`). */
  read_from: string | null;
  [column: string]: unknown;
}

export function exportEventRows(
  store: Store,
  filter: EventFilter,
): AsyncGenerator<ExportedEvent[]> {
  const where = eventFilterWhere(filter);
  return store.stream<ExportedEvent>(
    `SELECT id, strftime(time, '%Y-%m-%dT%H:%M:%S.%gZ') AS time, category, event_name,
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
