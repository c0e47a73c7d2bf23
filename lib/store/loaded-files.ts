import type { Store } from "./database";
import { sql } from "./sql";

/** key -> version of every file of a source read whole into the store (its latest read). */
export async function loadedFileVersions(
  store: Store,
  source: string,
): Promise<Map<string, string>> {
  const rows = await store.query<{ key: string; version: string }>(
    sql`SELECT key, version FROM files WHERE source = ${source} AND complete AND NOT replaced`,
    "loads",
  );
  return new Map(rows.map((r) => [r.key, r.version]));
}

export interface StoreTotals {
  events: number;
  files: number;
}

export async function storeTotals(store: Store): Promise<StoreTotals> {
  const rows = await store.query<{ events: string; files: string }>(
    `SELECT (SELECT count(*) FROM events)::VARCHAR AS events,
            (SELECT count(*) FROM files WHERE complete AND NOT replaced)::VARCHAR AS files`,
  );
  return { events: Number(rows[0]?.events ?? 0), files: Number(rows[0]?.files ?? 0) };
}

/** How old the totals of /api/health may be: it is polled (load balancers, scripts, tests). */
const TOTALS_FRESH_MS = 1_000;
const recentTotals = new WeakMap<Store, { at: number; totals: Promise<StoreTotals> }>();

/**
 * storeTotals at most a second old: however many ask at once, the store is
 * asked once a second at most (#22: 10,000 health checks at once opened
 * 10,000 connections).
 */
export function recentStoreTotals(store: Store): Promise<StoreTotals> {
  const cached = recentTotals.get(store);
  if (cached && Date.now() - cached.at < TOTALS_FRESH_MS) return cached.totals;
  const entry = { at: Date.now(), totals: storeTotals(store) };
  recentTotals.set(store, entry);
  // A failure is not kept: the next caller asks again.
  entry.totals.catch(() => {
    if (recentTotals.get(store) === entry) recentTotals.delete(store);
  });
  return entry.totals;
}
