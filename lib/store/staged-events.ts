import type { EventRow } from "../cloudtrail/event-schema";
import { fromConsole } from "../cloudtrail/console";
import { ipNumber } from "../net/ip-match";
import type { FileIdentity } from "./event-writer";
import { COUNTED_COLUMNS, EVENT_COLUMNS } from "./schema";

/**
 * How normalized rows travel into DuckDB. Appending 25 values per row through
 * the Node binding costs ~1 µs each; instead a row crosses as two strings: its
 * normalized fields as one JSON array (`meta`) and its record (`raw`). DuckDB
 * takes the array apart in native code, on its own threads.
 */

export interface StagedEvent {
  meta: string;
  /** Null for a second copy of an event in the same batch: only its origin is new. */
  raw: string | null;
  /** Event time, epoch µs. */
  timeMicros: number;
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
  "actor",
  "actorType",
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
/** After the origin, derived (not part of EventRow): source_ip as decimal digits, then from_console. */
const IP_NUMBER_AT = ORIGIN_AT + 3;
const FROM_CONSOLE_AT = ORIGIN_AT + 4;

/**
 * Serializes a row for staging; the parsed record can be collected right after.
 * `copy`: the batch already holds this event, so its record is not sent again.
 */
export function stageEvent(row: EventRow, origin: FileIdentity, copy = false): StagedEvent {
  const meta: unknown[] = META_FIELDS.map((field) => row[field]);
  const timeMicros = Date.parse(row.time) * 1000; // no time-zone parsing on the way in
  meta[1] = timeMicros;
  meta.push(
    origin.kind,
    origin.source,
    origin.key,
    ipNumber(row.sourceIp)?.toString() ?? null,
    fromConsole(row.raw, row.eventSource, row.userAgent),
  );
  return {
    meta: withoutLoneSurrogates(JSON.stringify(meta)),
    raw: copy ? null : JSON.stringify(row.raw),
    timeMicros,
  };
}

/** A `\uD800`-`\uDFFF` escape preceded by an even number of backslashes (a real escape). */
const LONE_SURROGATE_ESCAPE = /(?<!\\)((?:\\\\)*)\\ud[89a-f][0-9a-f]{2}/g;

/**
 * JSON.stringify writes a lone UTF-16 surrogate (valid in a JS string and as a JSON escape,
 * but not Unicode) as a `\udXXX` escape, which DuckDB's JSON functions reject: one such
 * character would fail the whole batch. In the columns it becomes U+FFFD; the record (`raw`)
 * keeps the escape, which DuckDB stores as text without parsing it.
 */
function withoutLoneSurrogates(json: string): string {
  if (!json.includes("\\ud")) return json;
  return json.replace(LONE_SURROGATE_ESCAPE, "$1\\ufffd");
}

type MetaField = (typeof META_FIELDS)[number];
type EventColumn = (typeof EVENT_COLUMNS)[number];

/** Each `events` column (but the raw record and the derived ones) and its META_FIELDS entry. */
const SOURCE_FIELD: Record<
  Exclude<EventColumn, "raw" | "source_ip_num" | "from_console" | "resource_labels">,
  MetaField
> = {
  id: "id",
  time: "time",
  category: "category",
  event_name: "eventName",
  event_source: "eventSource",
  service: "service",
  event_type: "eventType",
  event_version: "eventVersion",
  principal: "principal",
  principal_type: "principalType",
  actor: "actor",
  actor_type: "actorType",
  principal_arn: "principalArn",
  access_key_id: "accessKeyId",
  account: "account",
  region: "region",
  source_ip: "sourceIp",
  user_agent: "userAgent",
  read_only: "readOnly",
  error_code: "errorCode",
  error_message: "errorMessage",
  request_id: "requestId",
  shared_event_id: "sharedEventId",
  resources: "resources",
};

const at = (i: number) => `'$[${i}]'`;
/** `m` is the decoded array of scalars (all META_FIELDS but resources), 1-based in SQL. */
const SCALAR_FIELDS: readonly MetaField[] = META_FIELDS.filter((f) => f !== "resources");
const m = (field: MetaField) => `m[${SCALAR_FIELDS.indexOf(field) + 1}]`;

function columnSql(column: EventColumn): string {
  if (column === "raw") return "raw";
  if (column === "source_ip_num") {
    return `CAST(json_extract_string(meta, ${at(IP_NUMBER_AT)}) AS UHUGEINT)`;
  }
  if (column === "resource_labels") {
    const labels = `'$[${META_FIELDS.indexOf("resources")}][*].label'`;
    return `coalesce(json_extract_string(meta, ${labels}), [])`;
  }
  if (column === "from_console") {
    return `CAST(json_extract_string(meta, ${at(FROM_CONSOLE_AT)}) AS BOOLEAN)`;
  }
  const field = SOURCE_FIELD[column];
  if (field === "time") return `make_timestamp(CAST(${m(field)} AS BIGINT))`;
  if (field === "readOnly") return `CAST(${m(field)} AS BOOLEAN)`;
  if (field === "resources")
    return `json_extract(meta, ${at(META_FIELDS.indexOf(field))})::VARCHAR`;
  return m(field);
}

const SCALAR_PATHS = SCALAR_FIELDS.map((f) => at(META_FIELDS.indexOf(f))).join(", ");

/**
 * Inserts the staged events not yet in the store, counts them into
 * `event_counts`, and records every staged (event, origin) pair. The batch
 * holds each event once (later copies have no record); a copy already in the
 * store has the same eventID and the same event time, so only the stored
 * events of the batch's time span [fromMicros, toMicros] are compared: DuckDB
 * skips the row groups outside it, and the check stays cheap as the store
 * grows. The new events pass through `fresh_events` (a temporary table of the
 * writer's connection, empty between batches) so that exactly they are counted;
 * the counts of the hours they fall in are merged again (`merged_counts`), so
 * event_counts keeps one row per hour and combination however many batches
 * brought its events.
 */
export function mergeStagedSql(fromMicros: number, toMicros: number): string {
  if (!Number.isSafeInteger(fromMicros) || !Number.isSafeInteger(toMicros)) {
    throw new Error(`event time span ${fromMicros}..${toMicros} is not a pair of integers`);
  }
  const counted = COUNTED_COLUMNS.join(", ");
  return `
  INSERT INTO fresh_events
    SELECT * FROM (
      SELECT ${EVENT_COLUMNS.map((c) => `${columnSql(c)} AS ${c}`).join(", ")}
      FROM (
        SELECT json_extract_string(meta, [${SCALAR_PATHS}]) AS m, meta, raw
        FROM staging_events WHERE raw IS NOT NULL
      )
    ) AS staged
    WHERE staged.id NOT IN (
      SELECT id FROM events
      WHERE time BETWEEN make_timestamp(${fromMicros}) AND make_timestamp(${toMicros})
    );
  INSERT INTO events SELECT * FROM fresh_events;
  INSERT INTO merged_counts
    SELECT hour, ${counted}, sum(n), min(first_time), max(last_time) FROM (
      SELECT * FROM event_counts
        WHERE hour IN (SELECT DISTINCT date_trunc('hour', time) FROM fresh_events)
      UNION ALL
      SELECT date_trunc('hour', time), ${counted}, count(*), min(time), max(time)
        FROM fresh_events GROUP BY ALL
    ) GROUP BY ALL;
  DELETE FROM event_counts
    WHERE hour IN (SELECT DISTINCT date_trunc('hour', time) FROM fresh_events);
  INSERT INTO event_counts SELECT * FROM merged_counts;
  DELETE FROM merged_counts;
  DELETE FROM fresh_events;
  INSERT INTO event_origins
    SELECT DISTINCT o[1], o[2], o[3], o[4], make_timestamp(CAST(o[5] AS BIGINT)) FROM (
      SELECT json_extract_string(meta, [${at(0)}, ${at(ORIGIN_AT)}, ${at(ORIGIN_AT + 1)}, ${at(ORIGIN_AT + 2)}, ${at(META_FIELDS.indexOf("time"))}]) AS o
      FROM staging_events
    );`;
}

/** The writer connection's tables of a batch's new events and their hours' counts (see mergeStagedSql). */
export const FRESH_EVENTS_SQL = `
  CREATE TEMP TABLE IF NOT EXISTS fresh_events AS FROM events LIMIT 0;
  CREATE TEMP TABLE IF NOT EXISTS merged_counts AS FROM event_counts LIMIT 0;`;
