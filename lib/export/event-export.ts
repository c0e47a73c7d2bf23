import type { EventFilter } from "../query/event-query";
import type { Store } from "../store/database";
import {
  EXPORTED_FIELDS,
  type ExportedEvent,
  exportEventRows,
  exportRawRecords,
} from "../store/export-events";
import { csvLine } from "./csv";

/**
 * Exports of a filtered view: every matching event, streamed, so a million
 * events never sit in memory. CSV has one row per event with the table's
 * facts (safe for spreadsheets); NDJSON has the untouched CloudTrail record
 * per line, for jq and other tools.
 */

export const EXPORT_FORMATS = ["csv", "ndjson"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The CSV's columns: the exported fields, then the resources and where the event was read. */
const CSV_COLUMNS: [header: string, value: (e: ExportedEvent) => string | boolean | null][] = [
  ...EXPORTED_FIELDS.map((f): [string, (e: ExportedEvent) => string | boolean | null] => [
    f.csv!,
    (e) => e[f.key] as string | boolean | null,
  ]),
  ["resources", (e) => e.resource_names.filter(Boolean).join(" ")],
  ["readFrom", (e) => e.read_from],
];

/**
 * A record on one line, for NDJSON: as delivered, unless it was delivered
 * over several lines (a pretty-printed copy), then written compactly.
 */
function oneLine(record: string): string {
  return /[\r\n]/.test(record) ? JSON.stringify(JSON.parse(record)) : record;
}

/** Lines of the export, header first for CSV. */
export async function* exportLines(
  store: Store,
  filter: EventFilter,
  format: ExportFormat,
): AsyncGenerator<string> {
  if (format === "ndjson") {
    for await (const chunk of exportRawRecords(store, filter)) {
      yield chunk.map((record) => `${oneLine(record)}\n`).join("");
    }
    return;
  }
  // The byte-order mark makes Excel read the file as UTF-8.
  yield `\uFEFF${csvLine(CSV_COLUMNS.map(([header]) => header))}`;
  for await (const chunk of exportEventRows(store, filter)) {
    yield chunk.map((e) => csvLine(CSV_COLUMNS.map(([, value]) => value(e)))).join("");
  }
}

/** A file name naming the range: `trailglass-events-20261104T0000Z-20261105T0000Z.csv`. */
export function exportFileName(filter: EventFilter, format: ExportFormat): string {
  const stamp = (iso: string) => iso.slice(0, 16).replace(/[-:]/g, "") + "Z";
  return `trailglass-events-${stamp(filter.from)}-${stamp(filter.to)}.${format}`;
}
