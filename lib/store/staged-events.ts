import type { EventRow } from "../cloudtrail/event-schema";
import type { FileIdentity } from "./event-writer";
import { EVENT_COLUMNS } from "./schema";

/**
 * How normalized rows travel into DuckDB. Appending 25 values per row through
 * the Node binding costs ~1 µs each; instead a row crosses as two strings: its
 * normalized fields as one JSON array (`meta`) and its record (`raw`). DuckDB
 * takes the array apart in native code, on its own threads.
 */

export interface StagedEvent {
  meta: string;
  raw: string;
}

/** Positions in `meta`; the SQL below reads them back in this order. */
const META_FIELDS = [
  "id",
  "time",
  "category",
  "eventName",
  "eventSource",
  "service",
  "eventType",
  "eventVersion",
  "principal",
  "principalType",
  "principalArn",
  "accessKeyId",
  "account",
  "region",
  "sourceIp",
  "userAgent",
  "readOnly",
  "errorCode",
  "errorMessage",
  "requestId",
  "sharedEventId",
  "resources",
] as const satisfies readonly (keyof EventRow)[];

const ORIGIN_AT = META_FIELDS.length;

/** Serializes a row for staging; the parsed record can be collected right after. */
export function stageEvent(row: EventRow, origin: FileIdentity): StagedEvent {
  const meta: unknown[] = META_FIELDS.map((field) => row[field]);
  meta[1] = Date.parse(row.time) * 1000; // epoch µs: no time-zone parsing on the way in
  meta.push(origin.kind, origin.source, origin.key);
  return { meta: JSON.stringify(meta), raw: JSON.stringify(row.raw) };
}

const at = (i: number) => `'$[${i}]'`;
const SCALARS = META_FIELDS.map((_, i) => at(i)).join(", ");

/** Per `events` column, how it is read from the decoded `m` (a VARCHAR[] of META_FIELDS). */
const COLUMN_SQL: Record<(typeof EVENT_COLUMNS)[number], string> = {
  id: "m[1]",
  time: "make_timestamp(CAST(m[2] AS BIGINT))",
  category: "m[3]",
  event_name: "m[4]",
  event_source: "m[5]",
  service: "m[6]",
  event_type: "m[7]",
  event_version: "m[8]",
  principal: "m[9]",
  principal_type: "m[10]",
  principal_arn: "m[11]",
  access_key_id: "m[12]",
  account: "m[13]",
  region: "m[14]",
  source_ip: "m[15]",
  user_agent: "m[16]",
  read_only: "CAST(m[17] AS BOOLEAN)",
  error_code: "m[18]",
  error_message: "m[19]",
  request_id: "m[20]",
  shared_event_id: "m[21]",
  resources: `json_extract(meta, ${at(21)})::VARCHAR`,
  raw: "raw",
};

/**
 * Inserts the staged events not yet in the store (one per id) and records
 * every staged (event, origin) pair. Duplicates within the batch or with the
 * store keep the first copy: a re-delivered record is the same record.
 */
export const MERGE_STAGED_SQL = `
  INSERT INTO events
    SELECT DISTINCT ON (id) * FROM (
      SELECT ${EVENT_COLUMNS.map((c) => `${COLUMN_SQL[c]} AS ${c}`).join(", ")}
      FROM (SELECT json_extract_string(meta, [${SCALARS}]) AS m, meta, raw FROM staging_events)
    ) AS staged
    WHERE staged.id NOT IN (SELECT id FROM events);
  INSERT INTO event_origins
    SELECT DISTINCT o[1], o[2], o[3], o[4] FROM (
      SELECT json_extract_string(meta, [${at(0)}, ${at(ORIGIN_AT)}, ${at(ORIGIN_AT + 1)}, ${at(ORIGIN_AT + 2)}]) AS o
      FROM staging_events
    );`;
