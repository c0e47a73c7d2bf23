import {
  BOOLEAN,
  DuckDBDataChunk,
  DuckDBTimestampValue,
  TIMESTAMP,
  VARCHAR,
  type DuckDBConnection,
  type DuckDBValue,
} from "@duckdb/node-api";
import type { EventOrigin, EventRow } from "../cloudtrail/event-schema";
import type { Problem } from "../cloudtrail/problem-schema";
import type { Store } from "./database";
import { EVENT_COLUMNS } from "./schema";
import { insertRows } from "./sql-helpers";

/**
 * Batches normalized events from many files into few transactions.
 *
 * A file is registered as loaded in the same transaction as its last rows, so
 * a crash mid-file leaves it unregistered and it is read again; re-reading is
 * harmless because events are keyed by id and the file's origins are replaced.
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
  /** Flush once this many rows are buffered. */
  maxRows?: number;
  /** Flush finished files at most this long after they finish. */
  maxDelayMs?: number;
}

const VECTOR_SIZE = 2048;
const STAGING_TYPES = [
  VARCHAR, // id
  TIMESTAMP, // time
  ...Array.from({ length: 14 }, () => VARCHAR), // category .. user_agent
  BOOLEAN, // read_only
  ...Array.from({ length: 6 }, () => VARCHAR), // error_code .. raw
  VARCHAR, // origin_kind
  VARCHAR, // origin_source
  VARCHAR, // origin_key
];

interface StagedRow {
  row: EventRow;
  origin: FileIdentity;
}

function toColumns(batch: StagedRow[]): DuckDBValue[][] {
  const columns: DuckDBValue[][] = STAGING_TYPES.map(() => new Array<DuckDBValue>(batch.length));
  batch.forEach(({ row, origin }, i) => {
    const values: DuckDBValue[] = [
      row.id,
      new DuckDBTimestampValue(BigInt(Date.parse(row.time)) * 1000n),
      row.category,
      row.eventName,
      row.eventSource,
      row.service,
      row.eventType,
      row.eventVersion,
      row.principal,
      row.principalType,
      row.principalArn,
      row.accessKeyId,
      row.account,
      row.region,
      row.sourceIp,
      row.userAgent,
      row.readOnly,
      row.errorCode,
      row.errorMessage,
      row.requestId,
      row.sharedEventId,
      JSON.stringify(row.resources),
      JSON.stringify(row.raw),
      origin.kind,
      origin.source,
      origin.key,
    ];
    values.forEach((value, c) => {
      (columns[c] as DuckDBValue[])[i] = value;
    });
  });
  return columns;
}

export class EventWriter {
  private rows: StagedRow[] = [];
  private started: FileIdentity[] = [];
  private finished: { record: FileLoadRecord; done: () => void; failed: (e: Error) => void }[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly maxRows: number;
  private readonly maxDelayMs: number;
  private stagingReady: Promise<void> | null = null;

  constructor(
    private readonly store: Store,
    options: WriterOptions = {},
  ) {
    this.maxRows = options.maxRows ?? 8192;
    this.maxDelayMs = options.maxDelayMs ?? 500;
  }

  /** Announces a file about to be (re)read: its old origins and problems are dropped. */
  startFile(file: FileIdentity): void {
    this.started.push(file);
  }

  /** Buffers rows; resolves once there is room again (the caller's backpressure). */
  async addRows(rows: EventRow[], origin: FileIdentity): Promise<void> {
    for (const row of rows) this.rows.push({ row, origin });
    if (this.rows.length >= this.maxRows) await this.flush();
  }

  /** Registers a file as loaded; resolves when that is committed with its rows. */
  finishFile(record: FileLoadRecord): Promise<void> {
    return new Promise((done, failed) => {
      this.finished.push({ record, done, failed });
      this.timer ??= setTimeout(() => void this.flush().catch(() => undefined), this.maxDelayMs);
    });
  }

  /** Writes everything buffered so far in one transaction. */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const rows = this.rows;
    const started = this.started;
    const finished = this.finished;
    this.rows = [];
    this.started = [];
    this.finished = [];
    if (rows.length === 0 && started.length === 0 && finished.length === 0) return;
    try {
      await this.ensureStaging();
      await this.store.transaction(async (connection) => {
        await this.replaceFileState(connection, started);
        await this.mergeRows(connection, rows);
        await this.registerFiles(
          connection,
          finished.map((f) => f.record),
        );
      });
      for (const f of finished) f.done();
    } catch (error) {
      for (const f of finished) f.failed(error as Error);
      throw error;
    }
  }

  private ensureStaging(): Promise<void> {
    this.stagingReady ??= this.store.write(async (connection) => {
      await connection.run(`
        CREATE TEMP TABLE IF NOT EXISTS staging_events AS
          SELECT *, ''::VARCHAR AS origin_kind, ''::VARCHAR AS origin_source, ''::VARCHAR AS origin_key
          FROM events LIMIT 0;
        CREATE TEMP TABLE IF NOT EXISTS staging_files (source VARCHAR, key VARCHAR);`);
    });
    return this.stagingReady;
  }

  private async replaceFileState(connection: DuckDBConnection, files: FileIdentity[]) {
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

  private async mergeRows(connection: DuckDBConnection, rows: StagedRow[]) {
    if (rows.length === 0) return;
    await connection.run("DELETE FROM staging_events");
    const appender = await connection.createAppender("staging_events", "main", "temp");
    try {
      for (let start = 0; start < rows.length; start += VECTOR_SIZE) {
        const batch = rows.slice(start, start + VECTOR_SIZE);
        const chunk = DuckDBDataChunk.create(STAGING_TYPES, batch.length);
        chunk.setColumns(toColumns(batch));
        appender.appendDataChunk(chunk);
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
    const columns = EVENT_COLUMNS.join(", ");
    await connection.run(`
      INSERT OR IGNORE INTO events SELECT DISTINCT ON (id) ${columns} FROM staging_events;
      INSERT INTO event_origins
        SELECT DISTINCT id, origin_kind, origin_source, origin_key FROM staging_events;`);
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
