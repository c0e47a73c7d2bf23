import type { EventFieldValues, EventRow } from "../cloudtrail/event-schema";
import { type EventFieldSpec, STORED_FIELDS } from "../cloudtrail/fields";
import { fromConsole } from "../cloudtrail/console";
import type { SearchText } from "../cloudtrail/search-text";
import { ipNumberText } from "../net/ip-match";
import { COUNTED_COLUMNS } from "./schema";

/**
 * How loaded events travel from the load workers into DuckDB: as text files
 * that DuckDB's CSV reader takes apart in native code, in parallel (no value
 * crosses the Node binding one by one). Each column is declared once below:
 * its SQL type and how a worker writes it. Fields are separated by U+001F and
 * rows by a newline; no quoting. A value holding a control character (which
 * could break that framing) or starting with a marker is written as JSON after
 * JSON_MARK and decoded by the SQL; NULL is NULL_MARK. Lists join their items
 * with U+001E.
 */

export const FIELD_SEPARATOR = "\u001f";
const LIST_SEPARATOR = "\u001e";
const JSON_MARK = "\u0002";
const NULL_MARK = "\u0003";

/**
 * A normalized event, its search text (lib/cloudtrail/search-text.ts), its
 * content hash (lib/cloudtrail/content-hash.ts; null: not compared with other
 * deliveries) and where its record is.
 */
export interface StagedEvent {
  row: EventRow;
  search: SearchText;
  contentHash: number | null;
  fileId: number;
  recordIndex: number;
}

/** `trusted`: text made by us with no control character but U+001E (the search text). */
type Kind = "text" | "trusted" | "list" | "bigint" | "integer" | "boolean" | "uhugeint";

interface StagedColumn {
  /** The `events` column it fills. */
  name: string;
  kind: Kind;
  value: (e: StagedEvent) => string | number | boolean | null | string[];
}

const SQL_TYPE: Record<Kind, string> = {
  text: "VARCHAR",
  trusted: "VARCHAR",
  list: "VARCHAR",
  bigint: "BIGINT",
  integer: "INTEGER",
  boolean: "BOOLEAN",
  uhugeint: "UHUGEINT",
};

const STAGED_KIND: Record<EventFieldSpec["type"], Kind> = {
  text: "text",
  boolean: "boolean",
  // Epoch microseconds: no time-zone parsing on the way in.
  time: "bigint",
};

/** A stored field's column, staged from the event's value (a time as epoch µs). */
function fieldColumn(field: EventFieldSpec & { column: string }): StagedColumn {
  const key = field.key as keyof EventFieldValues;
  return {
    name: field.column,
    kind: STAGED_KIND[field.type],
    value:
      field.type === "time"
        ? (e) => Date.parse(e.row[key] as string) * 1000
        : (e) => e.row[key] as string | boolean | null,
  };
}

/** The columns of `events`: the stored fields (lib/cloudtrail/fields.ts), then the store's own. */
export const EVENT_COLUMNS: readonly StagedColumn[] = [
  ...STORED_FIELDS.map(fieldColumn),
  { name: "source_ip_num", kind: "uhugeint", value: (e) => ipNumberText(e.row.sourceIp) },
  {
    name: "from_console",
    kind: "boolean",
    value: (e) => fromConsole(e.row.raw, e.row.eventSource, e.row.userAgent),
  },
  {
    name: "resource_names",
    kind: "list",
    value: (e) => e.row.resources.map((r) => r.arn ?? r.label),
  },
  { name: "resource_labels", kind: "list", value: (e) => e.row.resources.map((r) => r.label) },
  { name: "search", kind: "trusted", value: (e) => e.search.text },
  { name: "content_hash", kind: "bigint", value: (e) => e.contentHash },
  { name: "file_id", kind: "integer", value: (e) => e.fileId },
  { name: "record_index", kind: "integer", value: (e) => e.recordIndex },
];

/**
 * The columns of a batch's keys file: what deduplication, copies and counts
 * need, a small fraction of the rows file, so the batch's first pass reads
 * little.
 */
const KEY_COLUMN_NAMES = new Set<string>([
  "id",
  "time",
  "file_id",
  "record_index",
  "content_hash",
  ...COUNTED_COLUMNS,
]);
export const KEY_COLUMNS = EVENT_COLUMNS.filter((c) => KEY_COLUMN_NAMES.has(c.name));

/** A read of a file, as registered in `files` (see lib/store/schema.ts). */
export interface FileRead {
  fileId: number;
  kind: string;
  source: string;
  key: string;
  version: string;
  format: string;
  records: number;
  bytes: number;
  complete: boolean;
  pack: string | null;
  packOffset: number | null;
  packLength: number | null;
  /** Hex SHA-256 of the uncompressed content (null: not hashed, or not read whole). */
  sha256: string | null;
}

export const FILE_COLUMNS: readonly {
  name: string;
  kind: Kind;
  value: (f: FileRead) => string | number | boolean | null;
}[] = [
  { name: "file_id", kind: "integer", value: (f) => f.fileId },
  { name: "kind", kind: "text", value: (f) => f.kind },
  { name: "source", kind: "text", value: (f) => f.source },
  { name: "key", kind: "text", value: (f) => f.key },
  { name: "version", kind: "text", value: (f) => f.version },
  { name: "format", kind: "text", value: (f) => f.format },
  { name: "records", kind: "integer", value: (f) => f.records },
  { name: "bytes", kind: "bigint", value: (f) => f.bytes },
  { name: "complete", kind: "boolean", value: (f) => f.complete },
  { name: "pack", kind: "text", value: (f) => f.pack },
  { name: "pack_offset", kind: "bigint", value: (f) => f.packOffset },
  { name: "pack_length", kind: "bigint", value: (f) => f.packLength },
  { name: "sha256", kind: "text", value: (f) => f.sha256 },
];

/** A scalar with a control character (but U+001E, harmless there) cannot go as is. */
const UNSAFE_TEXT = /[\u0000-\u001d\u001f]/;
const UNSAFE_ITEM = /[\u0000-\u001f]/;
const UNSAFE_ANY = UNSAFE_ITEM;

/** A `\uD800`-`\uDFFF` escape preceded by an even number of backslashes (a real escape). */
const LONE_SURROGATE_ESCAPE = /(?<!\\)((?:\\\\)*)\\ud[89a-f][0-9a-f]{2}/g;

/**
 * JSON.stringify writes a lone UTF-16 surrogate (valid in a JS string, not in
 * Unicode) as a `\udXXX` escape, which DuckDB's JSON functions reject: one such
 * character would fail the whole batch. It becomes U+FFFD (the raw text path
 * does the same: encoding to UTF-8 replaces it).
 */
function asJson(value: unknown): string {
  const json = JSON.stringify(value);
  return (
    JSON_MARK + (json.includes("\\ud") ? json.replace(LONE_SURROGATE_ESCAPE, "$1\\ufffd") : json)
  );
}

function encodeText(value: string): string {
  return UNSAFE_TEXT.test(value) ? asJson(value) : value;
}

function encodeList(items: string[]): string {
  if (items.length === 0) return "";
  for (const item of items) if (item === "" || UNSAFE_ITEM.test(item)) return asJson(items);
  return items.join(LIST_SEPARATOR);
}

/**
 * The encoded fields of `item` in the given columns. Text goes as is when the
 * item's texts hold no control character: known for an event (its record's
 * values were checked for its search text), else checked once for all of them
 * (a test per value cost more than the rest of the line). Otherwise each text
 * is checked and encoded on its own.
 */
function stagedFields<T>(
  columns: readonly { kind: Kind; value: (item: T) => ReturnType<StagedColumn["value"]> }[],
  item: T,
  /** Known to hold no control character: not checked again. */
  plain = false,
): string[] {
  const fields = new Array<string>(columns.length);
  let texts = "";
  for (let i = 0; i < columns.length; i++) {
    const { kind, value } = columns[i]!;
    const v = value(item);
    if (v === null) fields[i] = NULL_MARK;
    else if (kind === "text") texts += fields[i] = v as string;
    else if (kind === "list") fields[i] = encodeList(v as string[]);
    else fields[i] = String(v);
  }
  if (!plain && UNSAFE_ANY.test(texts)) {
    for (let i = 0; i < columns.length; i++) {
      const { kind, value } = columns[i]!;
      const v = kind === "text" ? value(item) : null;
      if (v !== null) fields[i] = encodeText(v as string);
    }
  }
  return fields;
}

/** One line (with its newline) of the given columns. */
export function stagedLine<T>(
  columns: readonly { kind: Kind; value: (item: T) => ReturnType<StagedColumn["value"]> }[],
  item: T,
): string {
  return `${stagedFields(columns, item).join(FIELD_SEPARATOR)}\n`;
}

/** Where each key column sits among the event columns. */
const KEY_POSITIONS = KEY_COLUMNS.map((c) => EVENT_COLUMNS.indexOf(c));

/** An event's line of EVENT_COLUMNS and its line of KEY_COLUMNS, encoded once. */
export function stagedEventLines(event: StagedEvent): { row: string; key: string } {
  const fields = stagedFields(EVENT_COLUMNS, event, event.search.plain);
  const keys = new Array<string>(KEY_POSITIONS.length);
  for (let i = 0; i < KEY_POSITIONS.length; i++) keys[i] = fields[KEY_POSITIONS[i]!]!;
  return {
    row: `${fields.join(FIELD_SEPARATOR)}\n`,
    key: `${keys.join(FIELD_SEPARATOR)}\n`,
  };
}

const quoted = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** The value of a staged column, decoded: JSON-marked values are parsed back. */
function decodedSql(name: string, kind: Kind): string {
  const c = `"${name}"`;
  if (kind === "text") {
    return `CASE WHEN starts_with(${c}, chr(2)) THEN json_extract_string(${c}[2:], '$') ELSE ${c} END`;
  }
  if (kind === "list") {
    return `CASE WHEN ${c} = '' THEN []::VARCHAR[]
      WHEN starts_with(${c}, chr(2)) THEN json_extract_string(${c}[2:], '$[*]')
      ELSE string_split(${c}, chr(30)) END`;
  }
  if (name === "time") return `make_timestamp(${c})`;
  return c;
}

/**
 * SELECT of the staged files' rows, decoded, in the columns' order (`time`
 * a TIMESTAMP). Paths are the writer's own files.
 */
export function stagedSelectSql(
  columns: readonly { name: string; kind: Kind }[],
  paths: string[],
): string {
  const spec = columns.map((c) => `${quoted(c.name)}: '${SQL_TYPE[c.kind]}'`).join(", ");
  const source = `read_csv([${paths.map(quoted).join(", ")}], columns = {${spec}},
    delim = '${FIELD_SEPARATOR}', quote = '', escape = '', header = false,
    nullstr = '${NULL_MARK}', auto_detect = false, new_line = '\\n',
    max_line_size = 2097152, buffer_size = 4194304)`;
  return `SELECT ${columns.map((c) => `${decodedSql(c.name, c.kind)} AS "${c.name}"`).join(", ")}
    FROM ${source}`;
}
