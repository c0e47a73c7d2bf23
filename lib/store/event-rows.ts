import { eventRowSchema, type EventOrigin, type EventRow } from "../cloudtrail/event-schema";
import { STORED_FIELDS } from "../cloudtrail/fields";
import { normalizeRecord } from "../cloudtrail/normalize";
import type { IntegrityStatus } from "../integrity/integrity-schema";
import type { Store } from "./database";
import { fileIntegritySql } from "./file-integrity-sql";
import { readEventRecords } from "./event-records";
import { type Sql, sql, timestamp } from "./sql";

/** Reading events back from the store as the wire shape. */

/** How the store's TIMESTAMPs go out: ISO 8601 UTC with milliseconds. */
export const ISO_TIME_FORMAT = sql.raw("'%Y-%m-%dT%H:%M:%S.%gZ'");

/** What a whole event is read from: its place (the record) and its time (its copies). */
export const EVENT_PLACE_SELECT = sql`id, strftime(time, ${ISO_TIME_FORMAT}) AS time, file_id, record_index`;

export interface StoredEventPlace {
  id: string;
  time: string;
  file_id: number;
  record_index: number;
}

/** Each field of a list row (eventListRowSchema) as SQL over the events row `e`. */
export const LIST_COLUMN_SQL: Sql = sql.join(
  STORED_FIELDS.filter((f) => f.listed).map((f) => {
    const column = sql.raw(`e.${f.column}`);
    const value = f.type === "time" ? sql`strftime(${column}, ${ISO_TIME_FORMAT})` : column;
    return sql`${sql.raw(f.key)}: ${value}`;
  }),
  ", ",
);

/** The stored columns a list row reads (`e.` prefixed, as LIST_COLUMN_SQL names them). */
export const LIST_COLUMNS = STORED_FIELDS.filter((f) => f.listed).map((f) => f.column);

/**
 * The JSON text of a list row (eventListRowSchema) but its record, written by
 * DuckDB, without its closing brace: the caller adds `"raw"` (the record's
 * text, read from the packs, or null) and closes it. A page of 1,000 rows
 * reaches Node as ready text instead of thousands of values to convert, check
 * and serialize again. `e` is the events row, `originKinds` a list of kinds.
 */
export function listRowJsonSql(originKinds: Sql): Sql {
  return sql`rtrim(to_json({${LIST_COLUMN_SQL}, originKinds: ${originKinds}})::VARCHAR, '}')`;
}

/** A list row's text (from listRowJsonSql) closed with its record (JSON text) or null. */
export function closeListRow(openRow: string, record: string | null): string {
  return `${openRow},"raw":${record ?? "null"}}`;
}

/** Where an event's origins are: its own file's read and its copies', the ones not replaced. */
export const ORIGIN_FILES_SQL = sql`
  SELECT e.id AS event_id, e.time AS event_time, e.file_id FROM events_of_origins e
  UNION ALL
  SELECT c.event_id, c.event_time, c.file_id FROM event_copies c
    JOIN events_of_origins e ON c.event_id = e.id AND c.event_time = e.time`;

/** The standing of the origins' files only (the view's query over every file costs far more). */
const ORIGINS_INTEGRITY = sql.raw(
  fileIntegritySql("(SELECT * FROM files WHERE file_id IN (SELECT file_id FROM origin_files))"),
);

/** The origins of the given events (id, time and file as stored). */
async function originsOf(
  store: Store,
  events: StoredEventPlace[],
): Promise<Map<string, EventOrigin[]>> {
  const byId = new Map<string, EventOrigin[]>();
  if (events.length === 0) return byId;
  const values = events.map((e) => sql`(${e.id}, ${timestamp(e.time)}, ${e.file_id})`);
  const rows = await store.query<
    { event_id: string; status: IntegrityStatus | null; digest: string | null } & EventOrigin
  >(
    // Each file with its standing against the digests (null: not hashed, e.g. Event history).
    sql`WITH events_of_origins (id, time, file_id) AS (VALUES ${sql.join(values, ", ")}),
       origin_files AS (${ORIGIN_FILES_SQL})
     SELECT DISTINCT o.event_id, f.kind, f.source, f.key, i.status, i.digest
       FROM origin_files o JOIN files f ON f.file_id = o.file_id
       LEFT JOIN (${ORIGINS_INTEGRITY}) i ON i.file_id = f.file_id
       WHERE NOT f.replaced
       ORDER BY o.event_id, f.kind, f.source, f.key`,
  );
  for (const { event_id, kind, source, key, status, digest } of rows) {
    const list = byId.get(event_id) ?? [];
    list.push({ kind, source, key, ...(status ? { integrity: { status, digest } } : {}) });
    byId.set(event_id, list);
  }
  return byId;
}

/**
 * The row's texts as the columns hold them: a lone UTF-16 surrogate (not
 * Unicode; a hostile record can hold one) becomes U+FFFD. The record keeps it.
 */
function wellFormed(row: EventRow): EventRow {
  const fixed: Record<string, unknown> = { ...row };
  for (const [field, value] of Object.entries(row)) {
    if (typeof value === "string") fixed[field] = wellFormedText(value);
  }
  fixed.resources = row.resources.map((r) => ({
    arn: r.arn === null ? null : wellFormedText(r.arn),
    type: r.type === null ? null : wellFormedText(r.type),
    accountId: r.accountId === null ? null : wellFormedText(r.accountId),
    label: wellFormedText(r.label),
  }));
  return fixed as EventRow;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** String.prototype.toWellFormed, which TypeScript's library here does not declare. */
function wellFormedText(text: string): string {
  return text.replace(LONE_SURROGATE, "\uFFFD");
}

/**
 * Stored places (read with EVENT_PLACE_SELECT) -> whole events: each record
 * read back and normalized again (the normalizer that stored it: a new one
 * rebuilds the store), with the origins the store knows. An event whose
 * record cannot be read is an error that says so.
 */
export async function hydrateFullEvents(
  store: Store,
  places: StoredEventPlace[],
): Promise<EventRow[]> {
  const [records, origins] = await Promise.all([
    readEventRecords(
      store,
      places.map((p) => ({ id: p.id, fileId: p.file_id, recordIndex: p.record_index })),
    ),
    originsOf(store, places),
  ]);
  return places.map((place) => {
    const text = records.get(place.id);
    if (text === undefined) {
      throw new Error(
        `the record of event ${place.id} could not be read from the store's copy of its file`,
      );
    }
    const eventOrigins = origins.get(place.id) ?? [];
    const row = normalizeRecord(
      JSON.parse(text) as Record<string, unknown>,
      eventOrigins[0] ?? { kind: "local", source: "", key: "" },
    );
    return eventRowSchema.parse({ ...wellFormed(row), id: place.id, origins: eventOrigins });
  });
}
