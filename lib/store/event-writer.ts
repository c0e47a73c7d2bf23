import { rm } from "node:fs/promises";
import type { DuckDBConnection } from "@duckdb/node-api";
import type { Problem } from "../cloudtrail/problem-schema";
import type { ReaderOptions } from "../reader";
import { LoadWorkerPool, WorkerLostError } from "../load/worker-pool";
import type { FileResult, FileTask, Segment } from "../load/worker/protocol";
import type { TrailFileRef } from "../sources/source-types";
import type { Store } from "./database";
import {
  commitSegmentsSql,
  DISPLACED_COUNT_SQL,
  displaceSql,
  type StagedBatch,
} from "./commit-segments";
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

/** Files given to the writer together (see read). */
export interface BatchLoad {
  /** Per file, in the order given: what its reading found, or why it could not be read. */
  read: Promise<(FileResult | Error)[]>;
  /** Once every file fetched here (S3, LookupEvents) is handed to a worker, or failed. */
  fetched: Promise<void>;
  /** Once every file read is committed; rejects with the store's failure if one was not. */
  committed: Promise<void>;
}

/**
 * The files of one read call still to be committed. Counted, not kept per
 * file: a load holds tens of thousands of files between reading and commit.
 */
class PendingBatch {
  waiting: number;
  failure: Error | null = null;
  readonly committed: Promise<void>;
  private resolve!: () => void;
  private reject!: (error: Error) => void;

  constructor(
    /** The source of its files, for their problems. */
    readonly source: string,
    files: number,
  ) {
    this.waiting = files;
    this.committed = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    // Awaited by the load job; a failure must not count as unhandled before then.
    this.committed.catch(() => undefined);
    if (files === 0) this.resolve();
  }

  /** One of its files is done: committed, not read at all, or lost (`failure`). */
  settle(failure?: Error): void {
    if (failure) this.failure ??= failure;
    this.waiting -= 1;
    if (this.waiting > 0) return;
    if (this.failure) this.reject(this.failure);
    else this.resolve();
  }
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
        [],
        "loads",
      );
      return { nextId: (max?.id ?? 0) + 1 };
    })();
    storeFiles.set(store, files);
    files.catch(() => storeFiles.delete(store));
  }
  return files;
}

export class EventWriter {
  private pool: LoadWorkerPool | null = null;
  private readonly queue: Segment[] = [];
  private queuedRows = 0;
  private committing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private lastCommitAt = 0;
  private readSinceFlush = false;
  /** Files given to the writer and not committed yet, and their batch. */
  private readonly files = new Map<number, PendingBatch>();
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
   * Reads `refs` (files of one source) into the store: files with a local
   * path are read by the workers, in batches; others are fetched here and
   * streamed to them.
   */
  async read(refs: TrailFileRef[], readerOptions: ReaderOptions = {}): Promise<BatchLoad> {
    const source = refs[0]?.source ?? "";
    if (refs.some((r) => r.source !== source)) {
      throw new Error("a batch of files to read holds files of several sources");
    }
    const ids = await filesOf(this.store);
    const pool = this.workers();
    const batch = new PendingBatch(source, refs.length);
    const tasks = refs.map((ref): FileTask => {
      const fileId = ids.nextId++;
      this.files.set(fileId, batch);
      return {
        fileId,
        kind: ref.kind,
        source: ref.source,
        key: ref.key,
        version: ref.version,
        size: ref.size,
        ...(ref.path !== undefined ? { path: ref.path } : {}),
      };
    });
    const results = new Array<Promise<FileResult | Error>>(refs.length);
    const fetches: Promise<void>[] = [];
    const local: number[] = [];
    refs.forEach((ref, i) => {
      if (ref.path !== undefined) return local.push(i);
      const { fetched, read } = pool.readStreamed(tasks[i]!, () => ref.open(), readerOptions);
      fetches.push(fetched);
      results[i] = read;
    });
    for (let start = 0; start < local.length; start += FILES_PER_BATCH) {
      const part = local.slice(start, start + FILES_PER_BATCH);
      const read = pool.readBatch(
        part.map((i) => tasks[i]!),
        readerOptions,
      );
      const byId = read.then((found) => new Map(found.map((r) => [r.fileId, r])));
      part.forEach((i) => {
        results[i] = byId.then(
          (found) =>
            found.get(tasks[i]!.fileId) ?? new Error("the load worker stopped before reading it"),
        );
      });
    }
    return {
      read: Promise.all(
        results.map((result, i) =>
          result.then(
            (value) => {
              if (value instanceof Error) this.settle(tasks[i]!.fileId);
              return value;
            },
            (error: Error) => {
              // A worker stops only when the store's files cannot be written: said in the store's words.
              const failure =
                error instanceof WorkerLostError ? storeWriteError(this.store.file, error) : error;
              this.settle(
                tasks[i]!.fileId,
                failure instanceof StoreWriteError ? failure : undefined,
              );
              return failure;
            },
          ),
        ),
      ),
      fetched: Promise.all(fetches).then(() => undefined),
      committed: batch.committed,
    };
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
          for (const fileId of lost) this.settle(fileId, failure);
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

  /** A file given to the writer is done with: committed, not read, or lost (`failure`). */
  private settle(fileId: number, failure?: Error): void {
    const batch = this.files.get(fileId);
    this.files.delete(fileId);
    batch?.settle(failure);
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
      if (lost) this.settle(f.fileId, lost);
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
    const problems = newestReadsProblems(
      registered.flatMap((f) => {
        const batch = this.files.get(f.fileId);
        return batch
          ? f.problems.map((p) => ({ source: batch.source, fileId: f.fileId, problem: p }))
          : [];
      }),
    );
    try {
      await this.store.transaction(async (connection) => {
        for (const statement of commitSegmentsSql(batch)) await connection.run(statement);
        const displaced = await connection.runAndReadAll(DISPLACED_COUNT_SQL);
        if (Number(displaced.getRowObjects()[0]?.n ?? 0) > 0) {
          for (const statement of displaceSql()) await connection.run(statement);
        }
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
      for (const f of registered) this.settle(f.fileId, failure);
      throw failure;
    }
    this.commitsSinceTidy += 1;
    for (const f of registered) this.settle(f.fileId);
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

/**
 * The problems of the newest read of each file: two loads that asked for one
 * file at once (a range and the startup load over undated files) may commit
 * both reads together, and a file's problems are stored once.
 */
function newestReadsProblems<P extends { source: string; fileId: number; problem: Problem }>(
  problems: P[],
): P[] {
  const fileKey = (p: P) => `${p.source}\u0000${p.problem.file}`;
  const newest = new Map<string, number>();
  for (const p of problems)
    newest.set(fileKey(p), Math.max(newest.get(fileKey(p)) ?? -1, p.fileId));
  return problems.filter((p) => newest.get(fileKey(p)) === p.fileId);
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
