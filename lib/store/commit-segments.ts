import { COUNTED_COLUMNS } from "./schema";
import { EVENT_COLUMNS, FILE_COLUMNS, KEY_COLUMNS, stagedSelectSql } from "./staged-rows";

/** Staged segments committed together (see lib/store/event-writer.ts). */
export interface StagedBatch {
  rowsPaths: string[];
  keysPaths: string[];
  filesPaths: string[];
  /** Event times of the rows, epoch µs. */
  fromMicros: number;
  toMicros: number;
  /** Files in `filesPaths` that must not be registered (rows of theirs were lost). */
  notRegistered: number[];
}

/** The writer connection's scratch tables, empty between transactions. */
const SCRATCH_SQL = `
  CREATE TEMP TABLE IF NOT EXISTS batch_keys AS
    SELECT id, time, file_id, record_index, ${COUNTED_COLUMNS.join(", ")} FROM events LIMIT 0;
  CREATE TEMP TABLE IF NOT EXISTS stored_keys (id VARCHAR);
  CREATE TEMP TABLE IF NOT EXISTS fresh_keys (file_id INTEGER, record_index INTEGER);
  CREATE TEMP TABLE IF NOT EXISTS fresh_files (file_id INTEGER, source VARCHAR, key VARCHAR);`;

const EMPTY_SCRATCH_SQL = `
  DELETE FROM batch_keys; DELETE FROM stored_keys; DELETE FROM fresh_keys;
  DELETE FROM fresh_files;`;

const timestamp = (micros: number) => {
  if (!Number.isSafeInteger(micros)) throw new Error(`event time ${micros} is not an integer`);
  return `make_timestamp(${micros})`;
};

/**
 * The statements of one batch's transaction, in order:
 * 1. its keys (id, time, place, counted attributes) from the small keys files;
 * 2. which rows are new events: the first of each id in the batch, unless the
 *    store has it (a copy has the same eventID and time, so only stored events
 *    of the batch's time span are compared: DuckDB skips the other row groups);
 * 3. those rows, read from the rows files, into `events`; every other row is a
 *    copy (another delivery) in `event_copies`;
 * 4. the new events counted into `event_counts` (rows of their own: an hour
 *    and combination may have several until compactCountsSql merges them);
 * 5. the files whose reads ended in the batch, registered; a file read again
 *    replaces what the store had of it: its older reads stop being origins
 *    (their copies go; events keep reading their records from them), and its
 *    problems are those of the new read (inserted after these statements).
 */
export function commitSegmentsSql(batch: StagedBatch): string[] {
  const statements = [SCRATCH_SQL, EMPTY_SCRATCH_SQL];
  if (batch.rowsPaths.length > 0) {
    const counted = COUNTED_COLUMNS.join(", ");
    const keyNames = KEY_COLUMNS.map((c) => c.name).join(", ");
    statements.push(
      `INSERT INTO batch_keys (${keyNames}) ${stagedSelectSql(KEY_COLUMNS, batch.keysPaths)}`,
      // The batch's events the store already has: found by probing the stored events of the
      // batch's time span against the batch (the batch is the join's smaller side).
      `INSERT INTO stored_keys
        SELECT DISTINCT e.id FROM events e
        SEMI JOIN batch_keys k ON e.id = k.id AND e.time = k.time
        WHERE e.time BETWEEN ${timestamp(batch.fromMicros)} AND ${timestamp(batch.toMicros)}`,
      `INSERT INTO fresh_keys
        SELECT first.f, first.i FROM (
          SELECT min({f: file_id, i: record_index}) AS first FROM batch_keys k
          ANTI JOIN stored_keys s ON k.id = s.id
          GROUP BY k.id)`,
      `INSERT INTO events (${EVENT_COLUMNS.map((c) => c.name).join(", ")})
        SELECT s.* FROM (${stagedSelectSql(EVENT_COLUMNS, batch.rowsPaths)}) s
        SEMI JOIN fresh_keys f ON s.file_id = f.file_id AND s.record_index = f.record_index`,
      `INSERT INTO event_copies
        SELECT k.id, k.time, k.file_id, k.record_index FROM batch_keys k
        ANTI JOIN fresh_keys f ON k.file_id = f.file_id AND k.record_index = f.record_index`,
      `INSERT INTO event_counts
        SELECT date_trunc('hour', time), ${counted}, count(*), min(time), max(time)
        FROM batch_keys SEMI JOIN fresh_keys USING (file_id, record_index) GROUP BY ALL`,
    );
  }
  if (batch.filesPaths.length > 0) {
    const names = FILE_COLUMNS.map((c) => c.name).join(", ");
    const skipped = batch.notRegistered.map((id) => String(Math.trunc(id))).join(", ");
    statements.push(
      `INSERT INTO fresh_files
        SELECT file_id, source, key FROM (${stagedSelectSql(FILE_COLUMNS, batch.filesPaths)})
        ${skipped ? `WHERE file_id NOT IN (${skipped})` : ""}`,
      `INSERT INTO files (${names}, replaced, loaded_at)
        SELECT *, false, now()::TIMESTAMP FROM (${stagedSelectSql(FILE_COLUMNS, batch.filesPaths)})
        WHERE file_id IN (SELECT file_id FROM fresh_files)`,
      // Older reads of the batch's files are replaced, and so is all but the newest read of a
      // file read twice in the batch (two loads asked for it at once).
      `UPDATE files SET replaced = true
        WHERE NOT replaced AND (source, key) IN (SELECT (source, key) FROM fresh_files)
          AND (file_id NOT IN (SELECT file_id FROM fresh_files)
            OR file_id < (SELECT max(n.file_id) FROM fresh_files n
                          WHERE n.source = files.source AND n.key = files.key))`,
      `DELETE FROM event_copies WHERE file_id IN (
        SELECT f.file_id FROM files f SEMI JOIN fresh_files n ON f.source = n.source AND f.key = n.key
        WHERE f.replaced)`,
      `DELETE FROM problems USING fresh_files n
        WHERE problems.source = n.source AND problems.file = n.key`,
    );
  }
  return statements;
}
