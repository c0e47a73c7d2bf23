import type { TimeRange } from "../query/event-query";
import type { SummaryActor } from "../query/summary-response";
import { csvLine } from "./csv";

/**
 * The summary's actors table as CSV, one row per actor, safe for
 * spreadsheets (quoting and formula neutralization in ./csv). Lists are
 * joined with "; " in one cell.
 */

const list = (values: readonly string[]) => values.join("; ");

const COLUMNS: [header: string, value: (a: SummaryActor) => string | number][] = [
  ["actor", (a) => a.actor],
  ["actor type", (a) => a.actorType],
  ["actor's account", (a) => a.actorAccount ?? ""],
  ["accounts", (a) => list(a.accounts)],
  ["events", (a) => a.events],
  ["changes", (a) => a.changes],
  ["errors", (a) => a.errors],
  ["denied", (a) => a.denied],
  ["services", (a) => list(a.services)],
  ["top actions", (a) => list(a.topActions.map((t) => `${t.eventName} ×${t.count}`))],
  ["first seen", (a) => a.firstSeen],
  ["last seen", (a) => a.lastSeen],
  ["sentence", (a) => a.sentence],
];

export function summaryCsv(actors: readonly SummaryActor[]): string {
  // The byte-order mark makes Excel read the file as UTF-8.
  return (
    `\uFEFF${csvLine(COLUMNS.map(([header]) => header))}` +
    actors.map((a) => csvLine(COLUMNS.map(([, value]) => value(a)))).join("")
  );
}

/** `trailglass-summary-20261104T0000Z-20261105T0000Z.csv`. */
export function summaryFileName(range: TimeRange): string {
  const stamp = (iso: string) => iso.slice(0, 16).replace(/[-:]/g, "") + "Z";
  return `trailglass-summary-${stamp(range.from)}-${stamp(range.to)}.csv`;
}
