import type { Store } from "./database";
import { insertRows } from "./sql-helpers";
import { ISO_TIME_FORMAT } from "./event-rows";
import { sql, timestamp } from "./sql";

/**
 * Athena searches the store remembers (lib/athena/athena-searches.ts): the
 * query, what it scanned, and the trail files (keys within their source) that
 * hold the view's events, with how many each.
 */

export interface RememberedSearch {
  searchId: string;
  source: string;
  sql: string;
  executionId: string;
  range: { from: string; to: string };
  bytesScanned: number;
  startedAt: string;
  finishedAt: string;
  /** key -> events Athena counted in it. */
  files: Map<string, number>;
}

export async function rememberSearch(store: Store, search: RememberedSearch): Promise<void> {
  await store.transaction(async (connection) => {
    for (const table of ["athena_search_files", "athena_searches"]) {
      const remove = sql`DELETE FROM ${sql.raw(table)} WHERE search_id = ${search.searchId}`;
      await connection.run(remove.text, remove.params);
    }
    const insert = sql`INSERT INTO athena_searches VALUES (${search.searchId}, ${search.source},
      ${search.sql}, ${search.executionId}, ${timestamp(search.range.from)}, ${timestamp(search.range.to)},
      ${search.bytesScanned}, ${timestamp(search.startedAt)}, ${timestamp(search.finishedAt)})`;
    await connection.run(insert.text, insert.params);
    await insertRows(
      connection,
      "athena_search_files",
      [...search.files].map(([key, events]) => [search.searchId, key, events]),
    );
  });
}

export async function recallSearch(
  store: Store,
  searchId: string,
): Promise<RememberedSearch | null> {
  const [row] = await store.query<{
    source: string;
    sql: string;
    execution_id: string;
    range_from: string;
    range_to: string;
    bytes_scanned: number | bigint;
    started_at: string;
    finished_at: string;
  }>(
    sql`SELECT source, sql, execution_id, strftime(range_from, ${ISO_TIME_FORMAT}) AS range_from,
      strftime(range_to, ${ISO_TIME_FORMAT}) AS range_to, bytes_scanned,
      strftime(started_at, ${ISO_TIME_FORMAT}) AS started_at,
      strftime(finished_at, ${ISO_TIME_FORMAT}) AS finished_at
      FROM athena_searches WHERE search_id = ${searchId}`,
  );
  if (!row) return null;
  const files = await store.query<{ key: string; events: number | bigint }>(
    sql`SELECT key, events FROM athena_search_files WHERE search_id = ${searchId}`,
  );
  return {
    searchId,
    source: row.source,
    sql: row.sql,
    executionId: row.execution_id,
    range: { from: row.range_from, to: row.range_to },
    bytesScanned: Number(row.bytes_scanned),
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    files: new Map(files.map((f) => [f.key, Number(f.events)])),
  };
}
