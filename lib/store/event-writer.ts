import { rm } from "node:fs/promises";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { Problem } from "../cloudtrail/problem-schema";
import type { ReaderOptions } from "../reader";
import { LoadWorkerPool, WorkerLostError } from "../load/worker-pool";
import type { FileResult, FileTask, Segment } from "../load/worker/protocol";
import type { TrailFileRef } from "../sources/source-types";
import type { Store } from "./database";
import { commitSegmentsSql, type StagedBatch } from "./commit-segments";
import { insertRows } from "./sql-helpers";
import { prepareStagingDir } from "./staging-dir";
import { tidyStore } from "./tidy";

/**
 * Loads trail files into the store. The load workers (lib/load/worker-pool.ts)
 * read, normalize and stage the files; the writer commits their segments, a
 * few at a time, in transactions of their own (lib/store/commit-segments.ts).
 *
 * A file is registered as read in the same transaction as its last rows, so
 * a crash mid-file leaves it unregistered and it is read again; re-reading is
 * harmless because events are deduplicated by id (a second delivery becomes a
 * copy). If a transaction fails, every file with rows in it fails too, even
 * one that finishes later: no file is registered with rows missing.
 */

export interface WriterOptions {
  /** Load workers (default: one per core). */
  workers?: number;
  /** Rows a worker hands over at once (default 50,000). */
  segmentRows?: number;
  /** Bytes of a fetched file read before its worker starts on it (default 1 MiB). */
  headBytes?: number;
  /** A transaction starts once this many rows wait (fewer when nothing was committed for maxDelayMs). */
  commitRows?: number;
  /** Rows read are committed at most this long after the previous commit. */
  maxDelayMs?: number;
  /** Readers wait while this many rows wait for their transaction. */
  maxQueuedRows?: number;
}

/** One file given to the writer: when it is read, and when its read is committed. */
export interface FileLoad {
  ref: TrailFileRef;
  read: Promise<FileResult>;
  committed: Promise<void>;
}

interface Deferred {
  resolve: () => void;
  reject: (error: Error) => void;
}

/** A long load merges its hourly counts and checkpoints after this many transactions. */
const TIDY_EVERY_COMMITS = 50;
/** ...and any load does once the writer was quiet this long. */
const TIDY_AFTER_MS = 500;

/** Files read at once by a worker (local files: one message each way per batch). */
const FILES_PER_BATCH = 256;

/** The store could not keep what was read (its disk, its database): the files were fine. */
export class StoreWriteError extends Error {}

/**
 * A failed write, saying so in words: nothing of the batch is stored, its files are not
 * registered and are read again by the next load.
 */
function storeWriteError(file: string, error: unknown): StoreWriteError {
  const message = error instanceof Error ? error.message : String(error);
  const diskFull = /No space left on device|ENOSPC|disk is full/i.test(message);
  const what = diskFull
    ? `the disk of the event store ${file} is full (No space left on device): free some space, and the next load stores what this one could not`
    : `the event store ${file} could not be written`;
  return new StoreWriteError(`${what} (${message})`, { cause: error });
}

/** Per store, shared by its writers: the next file id (read once, then counted here). */
interface StoreFiles {
  nextId: number;
}
const storeFiles = new WeakMap<Store, Promise<StoreFiles>>();

function filesOf(store: Store): Promise<StoreFiles> {
  let files = storeFiles.get(store);
  if (!files) {
    files = (async () => {
      const [max] = await store.query<{ id: number | null }>(
        "SELECT max(file_id) AS id FROM files",
      );
      return { nextId: (max?.id ?? 0) + 1 };
    })();
    storeFiles.set(store, files);
    files.catch(() => storeFiles.delete(store));
  }
  return files;
}

interface KnownFile {
  source: string;
  key: string;
}

export class EventWriter {
  private pool: LoadWorkerPool | null = null;
  private readonly queue: Segment[] = [];
  private queuedRows = 0;
  private committing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private lastCommitAt = 0;
  private readSinceFlush = false;
  /** Files given to the writer and not committed yet. */
  private readonly files = new Map<number, KnownFile & Deferred>();
  /** Files whose rows were in a failed transaction, until their read ends. */
  private readonly failedFiles = new Map<number, Error>();
  /** Transactions failed so far, and the last failure (flush reports those during it). */
  private failures = 0;
  private lastFailure: Error | null = null;
  private flushWanted = 0;
  private readonly roomWaiters: (() => void)[] = [];
  private readonly commitRows: number;
  private readonly maxDelayMs: number;
  private readonly maxQueuedRows: number;
  private stagingDir: string | null = null;
  private commitsSinceTidy = 0;
  private tidyTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: Store,
    private readonly options: WriterOptions = {},
  ) {
    this.commitRows = options.commitRows ?? 150_000;
    this.maxDelayMs = options.maxDelayMs ?? 1_000;
    this.maxQueuedRows = options.maxQueuedRows ?? 300_000;
  }

  /** Resolves once the rows waiting for a transaction leave room for more reading. */
  async room(): Promise<void> {
    while (this.queuedRows >= this.maxQueuedRows) {
      await new Promise<void>((resolve) => this.roomWaiters.push(resolve));
    }
  }

  /**
   * Reads `refs` into the store: files with a local path are read by the
   * workers in batches, others are fetched here and streamed to them.
   */
  async read(refs: TrailFileRef[], readerOptions: ReaderOptions = {}): Promise<FileLoad[]> {
    const files = await filesOf(this.store);
    const pool = this.workers();
    const loads: FileLoad[] = [];
    const local: FileTask[] = [];
    const localLoads: {
      task: FileTask;
      deferred: { resolve: (r: FileResult) => void; reject: (e: Error) => void };
    }[] = [];
    for (const ref of refs) {
      const fileId = files.nextId++;
      const task: FileTask = {
        fileId,
        kind: ref.kind,
        source: ref.source,
        key: ref.key,
        version: ref.version,
        size: ref.size,
        ...(ref.path !== undefined ? { path: ref.path } : {}),
      };
      const committed = new Promise<void>((resolve, reject) => {
        this.files.set(fileId, {
          source: ref.source,
          key: ref.key,
          resolve,
          reject,
        });
      });
      // Awaited by the load job at its end; a failure must not count as unhandled before then.
      committed.catch(() => undefined);
      let read: Promise<FileResult>;
      if (ref.path !== undefined) {
        read = new Promise((resolve, reject) =>
          localLoads.push({ task, deferred: { resolve, reject } }),
        );
        local.push(task);
      } else {
        read = pool.readStreamed(task, () => ref.open(), readerOptions);
      }
      // A worker stops only when the store's files cannot be written: said in the store's words.
      const readOrStoreError = read.catch((error: Error) => {
        const failure =
          error instanceof WorkerLostError ? storeWriteError(this.store.file, error) : error;
        this.forget(fileId, failure);
        throw failure;
      });
      readOrStoreError.catch(() => undefined);
      loads.push({ ref, read: readOrStoreError, committed });
    }
    for (let start = 0; start < localLoads.length; start += FILES_PER_BATCH) {
      const part = localLoads.slice(start, start + FILES_PER_BATCH);
      pool
        .readBatch(
          part.map((p) => p.task),
          readerOptions,
        )
        .then(
          (results) => {
            const byId = new Map(results.map((r) => [r.fileId, r]));
            for (const { task, deferred } of part) {
              const result = byId.get(task.fileId);
              if (result) deferred.resolve(result);
              else deferred.reject(new Error("the load worker stopped before reading it"));
            }
          },
          (error: Error) => {
            for (const { deferred } of part) deferred.reject(error);
          },
        );
    }
    return loads;
  }

  /**
   * Hands over every row read so far and commits it; rejects if a transaction
   * failed. The store is tidied afterwards, in the background (see tidy).
   */
  async flush(): Promise<void> {
    this.flushWanted += 1;
    const failuresBefore = this.failures;
    try {
      if (this.pool) await this.pool.flush();
      while (this.queue.length > 0 || this.committing) {
        if (this.committing) await this.committing.catch(() => undefined);
        else await this.commitQueued();
      }
    } finally {
      this.flushWanted -= 1;
    }
    if (this.failures > failuresBefore && this.lastFailure) throw this.lastFailure;
    if (this.commitsSinceTidy > 0 && this.flushWanted === 0) this.tidySoon();
  }

  /** Tidies once the writer has been quiet for a moment (a load often ends with several flushes). */
  private tidySoon(): void {
    if (this.tidyTimer) clearTimeout(this.tidyTimer);
    this.tidyTimer = setTimeout(() => {
      this.tidyTimer = null;
      if (this.committing || this.queue.length > 0 || this.flushWanted > 0) return this.tidySoon();
      void this.tidy();
    }, TIDY_AFTER_MS);
    this.tidyTimer.unref();
  }

  /** See tidyStore; not fatal: queries are right either way. */
  private async tidy(): Promise<void> {
    this.commitsSinceTidy = 0;
    if (this.store.isClosed) return;
    try {
      await tidyStore(this.store);
    } catch (error) {
      console.warn(`trailglass: tidying the event store failed: ${(error as Error).message}`);
    }
  }

  /** Where the workers stage rows (null until the first file is read). */
  get staging(): string | null {
    return this.stagingDir;
  }

  async close(): Promise<void> {
    if (this.tidyTimer) clearTimeout(this.tidyTimer);
    await this.pool?.close();
    this.pool = null;
  }

  private workers(): LoadWorkerPool {
    this.stagingDir ??= prepareStagingDir(this.store.dataDir);
    this.pool ??= new LoadWorkerPool(
      {
        dataDir: this.store.dataDir,
        stagingDir: this.stagingDir,
        segmentRows: this.options.segmentRows,
      },
      {
        segment: (segment) => this.onSegment(segment),
        failed: (message, lost) => {
          const failure = storeWriteError(this.store.file, new Error(message));
          for (const fileId of lost) this.forget(fileId, failure);
        },
        read: () => {
          this.readSinceFlush = true;
          this.schedule();
        },
      },
      { workers: this.options.workers, headBytes: this.options.headBytes },
    );
    return this.pool;
  }

  private forget(fileId: number, error: Error): void {
    const file = this.files.get(fileId);
    this.files.delete(fileId);
    file?.reject(error);
  }

  private onSegment(segment: Segment): void {
    this.queue.push(segment);
    this.queuedRows += segment.rows;
    this.schedule();
  }

  /**
   * Commits when enough rows wait, or when the last commit is maxDelayMs old
   * (asking the workers for what they hold first): the first rows show within
   * moments of a load's start, and a long load commits in large transactions.
   */
  private schedule(): void {
    if (this.committing || this.timer) return;
    if (this.queuedRows >= this.commitRows || (this.flushWanted > 0 && this.queue.length > 0)) {
      void this.commitQueued().catch(() => undefined);
      return;
    }
    const due = this.lastCommitAt + this.maxDelayMs - Date.now();
    this.timer = setTimeout(
      () => {
        this.timer = null;
        if (this.queue.length > 0) {
          void this.commitQueued().catch(() => undefined);
        } else if (this.readSinceFlush && this.pool) {
          this.readSinceFlush = false;
          // What arrives is committed by the next schedule (the delay has passed).
          void this.pool.flush();
        }
      },
      Math.max(0, due),
    );
    this.timer.unref();
  }

  /** Commits the waiting segments (up to commitRows rows) in one transaction. */
  private commitQueued(): Promise<void> {
    if (this.committing) return this.committing;
    const segments: Segment[] = [];
    let rows = 0;
    while (this.queue.length > 0 && (segments.length === 0 || rows < this.commitRows)) {
      const segment = this.queue.shift()!;
      segments.push(segment);
      rows += segment.rows;
    }
    this.queuedRows -= rows;
    const run = this.commit(segments).finally(() => {
      this.committing = null;
      this.lastCommitAt = Date.now();
      for (const segment of segments) removeSegment(segment);
      while (this.queuedRows < this.maxQueuedRows && this.roomWaiters.length > 0) {
        this.roomWaiters.shift()!();
      }
      if (this.commitsSinceTidy >= TIDY_EVERY_COMMITS) void this.tidy();
      if (this.queue.length > 0 || this.pool?.busy || this.readSinceFlush) this.schedule();
    });
    this.committing = run;
    return run;
  }

  private async commit(segments: Segment[]): Promise<void> {
    const finished = segments.flatMap((s) => s.finished);
    // A file whose earlier rows were lost with a failed transaction must not be registered.
    const registered = finished.filter((f) => {
      const lost = this.failedFiles.get(f.fileId);
      if (lost) this.forget(f.fileId, lost);
      return !lost;
    });
    const lostIds = finished.filter((f) => this.failedFiles.has(f.fileId)).map((f) => f.fileId);
    // Their reads are over: nothing more of them will come.
    for (const id of lostIds) this.failedFiles.delete(id);
    const batch: StagedBatch = {
      rowsPaths: segments.filter((s) => s.rows > 0).map((s) => s.rowsPath),
      keysPaths: segments.filter((s) => s.rows > 0).map((s) => s.keysPath),
      filesPaths: segments.filter((s) => s.finished.length > 0).map((s) => s.filesPath),
      fromMicros: Math.min(...segments.map((s) => s.fromMicros)),
      toMicros: Math.max(...segments.map((s) => s.toMicros)),
      notRegistered: lostIds,
    };
    const problems = registered.flatMap((f) => {
      const file = this.files.get(f.fileId);
      return file ? f.problems.map((p) => ({ source: file.source, problem: p })) : [];
    });
    try {
      await this.store.transaction(async (connection) => {
        for (const statement of commitSegmentsSql(batch)) await connection.run(statement);
        await insertProblems(connection, problems);
      });
    } catch (error) {
      const failure = storeWriteError(this.store.file, error);
      this.failures += 1;
      this.lastFailure = failure;
      const ended = new Set(finished.map((f) => f.fileId));
      // Files whose reads go on: their later rows must not register them.
      for (const s of segments) {
        for (const id of s.touched) if (!ended.has(id)) this.failedFiles.set(id, failure);
      }
      for (const f of registered) this.forget(f.fileId, failure);
      throw failure;
    }
    this.commitsSinceTidy += 1;
    for (const f of registered) {
      const file = this.files.get(f.fileId);
      this.files.delete(f.fileId);
      file?.resolve();
    }
  }
}

/** Off the event loop: deleting a large file takes a while. */
function removeSegment(segment: Segment): void {
  for (const file of [segment.rowsPath, segment.keysPath, segment.filesPath]) {
    rm(file, { force: true }).catch((error: Error) =>
      console.warn(`trailglass: a staged file was not deleted: ${error.message}`),
    );
  }
}

async function insertProblems(
  connection: DuckDBConnection,
  problems: { source: string; problem: Problem }[],
) {
  const now = new Date().toISOString();
  await insertRows(
    connection,
    "problems",
    problems.map(({ source, problem: p }) => [
      source,
      p.file,
      p.recordIndex,
      p.kind,
      p.severity,
      p.message,
      now,
    ]),
  );
}
