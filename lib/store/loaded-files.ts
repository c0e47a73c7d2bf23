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
