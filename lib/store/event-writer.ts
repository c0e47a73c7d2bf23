import type { DuckDBConnection } from "@duckdb/node-api";
import type { EventOrigin, EventRow } from "../cloudtrail/event-schema";
import type { Problem } from "../cloudtrail/problem-schema";
import type { Store } from "./database";
import { insertRows } from "./sql-helpers";
import { FRESH_EVENTS_SQL, mergeStagedSql, stageEvent, type StagedEvent } from "./staged-events";

/**
 * Batches normalized events from many files into few transactions.
 *
 * A file is registered as loaded in the same transaction as its last rows, so
 * a crash mid-file leaves it unregistered and it is read again; re-reading is
 * harmless because events are deduplicated by id and the file's origins are
 * replaced. If a transaction fails, every file with rows in it fails too, even
 * one that finishes later: no file is registered with rows missing.
 */

export interface FileIdentity {
  kind: EventOrigin["kind"];
  source: string;
  key: string;
}

export interface FileLoadRecord extends FileIdentity {
  /** Size+mtime for local files, the ETag for S3: unchanged version = not read again. */
  version: string;
  format: string;
  records: number;
  bytes: number;
  problems: Problem[];
  /** False when reading stopped on an I/O failure: problems are kept, the file is read again next time. */
  complete: boolean;
}

export interface WriterOptions {
  /** A transaction starts once this many rows are buffered; readers wait beyond that. */
  batchRows?: number;
  /** ...or once the buffered rows hold this many characters (big records make big batches). */
  batchBytes?: number;
  /**
   * Committed rows live in DuckDB's memory until a checkpoint writes them out: checkpoint
   * once this many characters were committed, so large records cannot fill memory_limit.
   */
  checkpointBytes?: number;
  /** Finished files are committed at most this long after the previous commit. */
  maxDelayMs?: number;
}

/** A row addRows could not take, and why. */
export interface RejectedRow {
  row: EventRow;
  error: Error;
}

interface FinishedFile {
  record: FileLoadRecord;
  done: () => void;
  failed: (error: Error) => void;
}

interface Batch {
  rows: StagedEvent[];
  /** Characters in `rows` (meta and record). */
  bytes: number;
  /** Events in `rows`, so a second copy sends only its origin. */
  ids: Set<string>;
  /** Time span of the events in `rows`, epoch µs. */
  fromMicros: number;
  toMicros: number;
  started: FileIdentity[];
  finished: FinishedFile[];
  /** Files with rows in this batch. */
  files: Set<string>;
}

/** DuckDB's row group: checkpointing once per full group compresses each group once. */
const ROWS_PER_CHECKPOINT = 122_880;

const fileId = (file: FileIdentity) => `${file.source}\u0000${file.key}`;

/**
 * A failed write, saying so in words: nothing of the batch is stored, its files are not
 * registered and are read again by the next load.
 */
function storeWriteError(file: string, error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  const diskFull = /No space left on device|ENOSPC|disk is full/i.test(message);
  const what = diskFull
    ? `the disk of the event store ${file} is full: free some space, and the next load stores what this one could not`
    : `the event store ${file} could not be written`;
  return new Error(`${what} (${message})`, { cause: error });
}

/**
 * Files that may have origins or problems in the store, per store (shared by
 * all its writers; writes are serialized). Read once, then kept up to date, so
 * a file read for the first time skips the delete of its old state, a scan of
 * every origin that would grow with the store.
 */
const filesWithState = new WeakMap<Store, Set<string>>();

export class EventWriter {
  private batch: Batch = EventWriter.emptyBatch();
  /** Files whose rows were in a failed transaction, until they are read again. */
  private readonly failedFiles = new Map<string, Error>();
  private inFlight: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private lastCommitAt = 0;
  private rowsSinceCheckpoint = 0;
  private bytesSinceCheckpoint = 0;
  private stagingReady: Promise<void> | null = null;
  private readonly batchRows: number;
  private readonly batchBytes: number;
  private readonly checkpointBytes: number;
  private readonly maxDelayMs: number;

  constructor(
    private readonly store: Store,
    options: WriterOptions = {},
  ) {
    this.batchRows = options.batchRows ?? 5_000;
    this.batchBytes = options.batchBytes ?? 8 * 1024 ** 2;
    this.checkpointBytes = options.checkpointBytes ?? 64 * 1024 ** 2;
    this.maxDelayMs = options.maxDelayMs ?? 2_000;
  }

  private static emptyBatch(): Batch {
    return {
      rows: [],
      bytes: 0,
      ids: new Set(),
      fromMicros: Infinity,
      toMicros: -Infinity,
      started: [],
      finished: [],
      files: new Set(),
    };
  }

  /** Announces a file about to be (re)read: its old origins and problems are dropped. */
  startFile(file: FileIdentity): void {
    this.failedFiles.delete(fileId(file));
    this.batch.started.push(file);
  }

  /**
   * Buffers rows (serialized right away, so the parsed records can go). One
   * batch may fill while the previous one is written; past that the caller
   * waits, which bounds memory whatever the number of concurrent readers.
   * Resolves to the rows that could not be serialized (not stored).
   */
  async addRows(rows: EventRow[], origin: FileIdentity): Promise<RejectedRow[]> {
    const rejected: RejectedRow[] = [];
    if (rows.length === 0) return rejected;
    const batch = this.batch;
    for (const row of rows) {
      const copy = batch.ids.has(row.id);
      let staged: StagedEvent;
      try {
        staged = stageEvent(row, origin, copy);
      } catch (error) {
        // One record that cannot be serialized costs only itself; the caller reports it.
        rejected.push({ row, error: error instanceof Error ? error : new Error(String(error)) });
        continue;
      }
      batch.rows.push(staged);
      batch.bytes += staged.meta.length + (staged.raw?.length ?? 0);
      if (copy) continue;
      batch.ids.add(row.id);
      if (staged.timeMicros < batch.fromMicros) batch.fromMicros = staged.timeMicros;
      if (staged.timeMicros > batch.toMicros) batch.toMicros = staged.timeMicros;
    }
    this.batch.files.add(fileId(origin));
    while (this.isFull()) {
      if (this.inFlight) await this.inFlight.catch(() => undefined);
      else void this.startFlush();
    }
    return rejected;
  }

  /** Registers a file as loaded; resolves when that is committed with its rows. */
  finishFile(record: FileLoadRecord): Promise<void> {
    return new Promise((done, failed) => {
      this.batch.finished.push({ record, done, failed });
      this.scheduleFlush();
    });
  }

  /** Writes everything buffered so far; rejects if that transaction fails. */
  async flush(): Promise<void> {
    while (this.inFlight) await this.inFlight.catch(() => undefined);
    if (this.hasWork()) await this.startFlush();
  }

  private isFull(): boolean {
    return this.batch.rows.length >= this.batchRows || this.batch.bytes >= this.batchBytes;
  }

  private hasWork(): boolean {
    const { rows, started, finished } = this.batch;
    return rows.length > 0 || started.length > 0 || finished.length > 0;
  }

  private scheduleFlush(): void {
    if (this.timer) return;
    // Right away after a quiet spell (first rows on screen fast), then at most every maxDelayMs.
    const delay = Math.max(50, this.lastCommitAt + this.maxDelayMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.inFlight) this.scheduleFlush();
      else if (this.hasWork()) void this.startFlush();
    }, delay);
  }

  /** Takes the buffer and commits it; callers make sure no other flush runs. */
  private startFlush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const batch = this.batch;
    this.batch = EventWriter.emptyBatch();
    // A file whose earlier rows were lost with a failed transaction must not be registered.
    const finished: FinishedFile[] = [];
    for (const f of batch.finished) {
      const lost = this.failedFiles.get(fileId(f.record));
      if (lost) f.failed(lost);
      else finished.push(f);
    }
    const run = this.commit(batch, finished).then(
      () => {
        for (const f of finished) f.done();
      },
      (error: Error) => {
        for (const file of batch.files) this.failedFiles.set(file, error);
        for (const f of finished) f.failed(error);
        throw error;
      },
    );
    const inFlight = run.finally(() => {
      this.inFlight = null;
      this.lastCommitAt = Date.now();
      if (this.isFull()) void this.startFlush();
      else if (this.batch.finished.length > 0) this.scheduleFlush();
    });
    // Failures reach the files' finishFile promises and flush() callers; never unhandled.
    inFlight.catch(() => undefined);
    this.inFlight = inFlight;
    return inFlight;
  }

  private async commit(batch: Batch, finished: FinishedFile[]): Promise<void> {
    try {
      await this.ensureStaging();
      await this.store.transaction(async (connection) => {
        await this.replaceFileState(connection, batch.started);
        await this.mergeRows(connection, batch);
        await this.registerFiles(
          connection,
          finished.map((f) => f.record),
        );
      });
    } catch (error) {
      throw storeWriteError(this.store.file, error);
    }
    const known = filesWithState.get(this.store);
    for (const file of batch.files) known?.add(file);
    for (const f of finished) known?.add(fileId(f.record));
    this.rowsSinceCheckpoint += batch.rows.length;
    this.bytesSinceCheckpoint += batch.bytes;
    if (
      this.rowsSinceCheckpoint >= ROWS_PER_CHECKPOINT ||
      this.bytesSinceCheckpoint >= this.checkpointBytes
    ) {
      await this.checkpoint();
    }
  }

  /** Not fatal: the rows are committed (in the WAL) and the next checkpoint includes them. */
  private async checkpoint(): Promise<void> {
    try {
      await this.store.write((connection) => connection.run("CHECKPOINT"));
      this.rowsSinceCheckpoint = 0;
      this.bytesSinceCheckpoint = 0;
    } catch (error) {
      console.warn(`trailglass: checkpoint of the event store failed: ${(error as Error).message}`);
    }
  }

  private ensureStaging(): Promise<void> {
    this.stagingReady ??= this.store.write(async (connection) => {
      await connection.run(`
        CREATE TEMP TABLE IF NOT EXISTS staging_files (source VARCHAR, key VARCHAR);
        CREATE TABLE IF NOT EXISTS main.staging_events (meta VARCHAR, raw VARCHAR);
        ${FRESH_EVENTS_SQL}`);
    });
    return this.stagingReady;
  }

  private async filesWithState(connection: DuckDBConnection): Promise<Set<string>> {
    let known = filesWithState.get(this.store);
    if (!known) {
      const reader = await connection.runAndReadAll(`
        SELECT source, key FROM event_origins
        UNION SELECT source, file FROM problems
        UNION SELECT source, key FROM loaded_files`);
      known = new Set(reader.getRows().map(([source, key]) => `${source}\u0000${key}`));
      filesWithState.set(this.store, known);
    }
    return known;
  }

  private async replaceFileState(connection: DuckDBConnection, started: FileIdentity[]) {
    const known = await this.filesWithState(connection);
    const files = started.filter((f) => known.has(fileId(f)));
    if (files.length === 0) return;
    await connection.run("DELETE FROM staging_files");
    await insertRows(
      connection,
      "staging_files",
      files.map((f) => [f.source, f.key]),
    );
    await connection.run(`
      DELETE FROM event_origins USING staging_files s
        WHERE event_origins.source = s.source AND event_origins.key = s.key;
      DELETE FROM problems USING staging_files s
        WHERE problems.source = s.source AND problems.file = s.key;`);
  }

  private async mergeRows(connection: DuckDBConnection, batch: Batch) {
    const { rows } = batch;
    if (rows.length === 0) return;
    // Filled and emptied inside the transaction: empty between batches (a temporary
    // table measured slower here and held on to more memory).
    const appender = await connection.createAppender("staging_events", "main");
    try {
      for (const { meta, raw } of rows) {
        appender.appendVarchar(meta);
        if (raw === null) appender.appendNull();
        else appender.appendVarchar(raw);
        appender.endRow();
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
    await connection.run(mergeStagedSql(batch.fromMicros, batch.toMicros));
    await connection.run("DELETE FROM main.staging_events");
  }

  private async registerFiles(connection: DuckDBConnection, files: FileLoadRecord[]) {
    if (files.length === 0) return;
    const now = new Date().toISOString();
    await insertRows(
      connection,
      "loaded_files",
      files
        .filter((f) => f.complete)
        .map((f) => [f.source, f.key, f.version, f.format, f.records, f.bytes, now]),
      { orReplace: true },
    );
    const problems = files.flatMap((f) =>
      f.problems.map((p) => [f.source, p.file, p.recordIndex, p.kind, p.severity, p.message, now]),
    );
    await insertRows(connection, "problems", problems);
  }
}
