import type { EventOrigin } from "../../cloudtrail/event-schema";
import type { Problem } from "../../cloudtrail/problem-schema";
import type { ReaderOptions } from "../../reader";

/**
 * Messages between the load workers (lib/load/worker/load-worker.ts) and the
 * pool that drives them (lib/load/worker-pool.ts). Workers read, decode and
 * normalize trail files and write them as staged text for DuckDB; the main
 * thread keeps the store and only moves file names and counts.
 */

export interface WorkerConfig {
  dataDir: string;
  /** Where segments are written (lib/store/staging-dir.ts). */
  stagingDir: string;
  /** Unique among this store's writers: names the worker's packs and staged files. */
  prefix: string;
  /** A segment is handed over once it holds this many rows (default 50,000). */
  segmentRows?: number;
}

/** One file to read. Local files are opened by the worker; others arrive in chunks. */
export interface FileTask {
  fileId: number;
  kind: EventOrigin["kind"];
  source: string;
  key: string;
  version: string;
  /** Bytes, as listed (local files larger than a threshold are streamed). */
  size: number;
  /** A local path the worker reads itself. */
  path?: string;
  /** The first bytes (all of them when `ended`), for files the main thread reads. */
  head?: Uint8Array;
  ended?: boolean;
  /** Reading the head failed with this (the worker reports it as the file's read failure). */
  headError?: string;
}

/** A file read: its records are in the worker's current segment (or flushed ones). */
export interface FileResult {
  fileId: number;
  records: number;
  bytes: number;
}

/** What a file read ended with, registered with the segment holding its last rows. */
export interface FinishedFile {
  fileId: number;
  complete: boolean;
  problems: Problem[];
}

/** A batch of staged files, ready for one transaction (lib/store/event-writer.ts). */
export interface Segment {
  /** Rows of `EVENT_COLUMNS` and of `KEY_COLUMNS` (lib/store/staged-rows.ts), and `FILE_COLUMNS`. */
  rowsPath: string;
  keysPath: string;
  filesPath: string;
  rows: number;
  /** Characters of the rows file. */
  bytes: number;
  /** Event times of the rows, epoch µs (Infinity / -Infinity when empty). */
  fromMicros: number;
  toMicros: number;
  /** Files whose reads ended in this segment (registered with it). */
  finished: FinishedFile[];
  /** Files with rows in this segment. */
  touched: number[];
}

export type ToWorker =
  | { type: "files"; batch: number; files: FileTask[]; readerOptions: ReaderOptions }
  /** The next chunk of a file read by the main thread; null at its end. */
  | { type: "chunk"; fileId: number; bytes: Uint8Array | null; error?: string }
  /** Hand over the current segment now, even if small; answered with "flushed". */
  | { type: "flush"; request: number }
  | { type: "close" };

export type FromWorker =
  | { type: "pull"; fileId: number }
  | { type: "read"; batch: number; results: FileResult[]; pendingRows: number }
  | { type: "segment"; segment: Segment }
  /** Every row read before the flush request was handed over (segments come first). */
  | { type: "flushed"; request: number }
  /** The worker cannot go on (its staged files or packs cannot be written). */
  | { type: "failed"; message: string }
  | { type: "closed" };
