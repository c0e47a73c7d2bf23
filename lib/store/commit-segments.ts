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
    SELECT id, time, file_id, record_index, content_hash, ${COUNTED_COLUMNS.join(", ")}
    FROM events LIMIT 0;
  CREATE TEMP TABLE IF NOT EXISTS batch_ids (id VARCHAR, time TIMESTAMP, file_id INTEGER,
    record_index INTEGER, content_hash BIGINT, lowest BIGINT, highest BIGINT);
  CREATE TEMP TABLE IF NOT EXISTS stored_keys (id VARCHAR, time TIMESTAMP, content_hash BIGINT,
    file_id INTEGER, record_index INTEGER);
  CREATE TEMP TABLE IF NOT EXISTS displaced (id VARCHAR, time TIMESTAMP, file_id INTEGER,
    record_index INTEGER);
  CREATE TEMP TABLE IF NOT EXISTS fresh_keys (file_id INTEGER, record_index INTEGER);
  CREATE TEMP TABLE IF NOT EXISTS fresh_files (file_id INTEGER, source VARCHAR, key VARCHAR);`;

const EMPTY_SCRATCH_SQL = `
  DELETE FROM batch_keys; DELETE FROM batch_ids; DELETE FROM stored_keys; DELETE FROM displaced;
  DELETE FROM fresh_keys; DELETE FROM fresh_files;`;

/** Sorts after every content hash (a 32-bit number): a delivery not compared is chosen last. */
const NOT_COMPARED = 2 ** 32;

const timestamp = (micros: number) => {
  if (!Number.isSafeInteger(micros)) throw new Error(`event time ${micros} is not an integer`);
  return `make_timestamp(${micros})`;
};

/**
 * The statements of one batch's transaction, in order:
 * 1. its keys (id, time, place, content hash, counted attributes) from the
 *    small keys files, and per id the delivery that would be kept: the lowest
 *    content hash, then the first read (deliveries of one content are alike,
 *    so the kept copy never depends on which file was read first);
 * 2. the batch's events the store already has (a copy has the same eventID and
 *    time, so only stored events of the batch's time span are compared: DuckDB
 *    skips the other row groups); a stored event whose content hash is higher
 *    than the batch's is displaced: its row becomes a copy (displaceSql);
 * 3. events whose deliveries differ in content, remembered as conflicting;
 * 4. the rows to keep (new events, and those replacing displaced rows) into
 *    `events`; every other row is a copy (another delivery) in `event_copies`;
 * 5. the new events counted into `event_counts` (rows of their own: an hour
 *    and combination may have several until compactCountsSql merges them);
 *    the hours of displaced events are counted again (displaceSql);
 * 6. the files whose reads ended in the batch, registered; a file read again
 *    replaces what the store had of it: its older reads stop being origins
 *    (their copies go; events keep reading their records from them), and its
 *    problems are those of the new read (inserted after these statements).
 */
export function commitSegmentsSql(batch: StagedBatch): string[] {
  const statements = [SCRATCH_SQL, EMPTY_SCRATCH_SQL];
  if (batch.rowsPaths.length > 0) {
    const counted = COUNTED_COLUMNS.join(", ");
    const keyNames = KEY_COLUMNS.map((c) => c.name).join(", ");
    const span = `BETWEEN ${timestamp(batch.fromMicros)} AND ${timestamp(batch.toMicros)}`;
    statements.push(
      `INSERT INTO batch_keys (${keyNames}) ${stagedSelectSql(KEY_COLUMNS, batch.keysPaths)}`,
      `INSERT INTO batch_ids
        SELECT id, kept.t, kept.f, kept.i, nullif(kept.h, ${NOT_COMPARED}), lowest, highest FROM (
          SELECT id, min({h: coalesce(content_hash, ${NOT_COMPARED}), f: file_id, i: record_index,
                          t: time}) AS kept,
            min(content_hash) AS lowest, max(content_hash) AS highest
          FROM batch_keys GROUP BY id)`,
      // Probed from the stored events of the batch's time span (the batch is the join's smaller side).
      `INSERT INTO stored_keys
        SELECT DISTINCT e.id, e.time, e.content_hash, e.file_id, e.record_index FROM events e
        SEMI JOIN batch_keys k ON e.id = k.id AND e.time = k.time
        WHERE e.time ${span}`,
      `INSERT INTO displaced
        SELECT s.id, s.time, s.file_id, s.record_index FROM stored_keys s
        JOIN batch_ids b ON b.id = s.id AND b.time = s.time
        WHERE b.content_hash < s.content_hash`,
      `INSERT INTO conflicting_events
        SELECT c.id, c.time, now()::TIMESTAMP FROM (
          SELECT id, time FROM batch_ids WHERE lowest <> highest
          UNION
          SELECT s.id, s.time FROM stored_keys s JOIN batch_ids b ON b.id = s.id AND b.time = s.time
          WHERE s.content_hash <> b.lowest OR s.content_hash <> b.highest
        ) c ANTI JOIN conflicting_events x ON x.event_id = c.id AND x.event_time = c.time`,
      `INSERT INTO fresh_keys
        SELECT b.file_id, b.record_index FROM batch_ids b ANTI JOIN stored_keys s ON b.id = s.id
        UNION ALL
        SELECT b.file_id, b.record_index FROM batch_ids b
        SEMI JOIN displaced d ON b.id = d.id AND b.time = d.time`,
      `INSERT INTO events (${EVENT_COLUMNS.map((c) => c.name).join(", ")})
        SELECT s.* FROM (${stagedSelectSql(EVENT_COLUMNS, batch.rowsPaths)}) s
        SEMI JOIN fresh_keys f ON s.file_id = f.file_id AND s.record_index = f.record_index`,
      `INSERT INTO event_copies
        SELECT k.id, k.time, k.file_id, k.record_index, k.content_hash FROM batch_keys k
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

/** Displaced rows of this transaction (displaceSql runs only when there are some: rarely). */
export const DISPLACED_COUNT_SQL = "SELECT count(*)::INTEGER AS n FROM displaced";

/**
 * After the batch's rows are in: each displaced row leaves `events` for
 * `event_copies` (its replacement, from the batch, is in `events` already),
 * and the hours of displaced events are counted again from `events`: the
 * event was counted with the attributes of the row it had, and the
 * replacement may differ in any of them.
 */
export function displaceSql(): string[] {
  const counted = COUNTED_COLUMNS.join(", ");
  const displacedRow = `e.id = d.id AND e.time = d.time AND e.file_id = d.file_id
    AND e.record_index = d.record_index`;
  const span = `BETWEEN (SELECT min(time) FROM displaced) AND (SELECT max(time) FROM displaced)`;
  const hours = "SELECT DISTINCT date_trunc('hour', time) FROM displaced";
  return [
    `INSERT INTO event_copies
      SELECT e.id, e.time, e.file_id, e.record_index, e.content_hash FROM events e
      SEMI JOIN displaced d ON ${displacedRow} WHERE e.time ${span}`,
    `DELETE FROM events e USING displaced d WHERE ${displacedRow} AND e.time ${span}`,
    `DELETE FROM event_counts WHERE hour IN (${hours})`,
    `INSERT INTO event_counts
      SELECT date_trunc('hour', time), ${counted}, count(*), min(time), max(time) FROM events
      WHERE date_trunc('hour', time) IN (${hours})
        AND time BETWEEN (SELECT min(time) FROM displaced) - INTERVAL 1 HOUR
                     AND (SELECT max(time) FROM displaced) + INTERVAL 1 HOUR
      GROUP BY ALL`,
  ];
}
