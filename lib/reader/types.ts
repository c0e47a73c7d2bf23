import type { Problem } from "@/lib/cloudtrail/problem-schema";
import type { RawRecord } from "@/lib/cloudtrail/event-schema";

/** One file to read: a local path or an S3 key, and a way to get its raw bytes. */
export interface TrailFileInput {
  /** File key or path: used in problems and as a format hint (`.gz`, `CloudTrail-Digest`). */
  name: string;
  /** The raw bytes, maybe gzip. Called at most once. */
  open(): NodeJS.ReadableStream | AsyncIterable<Uint8Array>;
}

export interface ReaderOptions {
  /** Records per onBatch call (default 1000). */
  batchSize?: number;
  /** Stop with a "too-large" problem past this many decompressed bytes (default 2 GiB). */
  maxDecompressedBytes?: number;
  /** A single record past this many bytes is skipped with "record-too-large" (default 16 MiB). */
  maxRecordBytes?: number;
  /** Files whose decompressed size stays under this take the whole-file fast path (default 32 MiB). */
  wholeFileThreshold?: number;
  /** Problems of one kind listed per file before they are only counted (default 1000). */
  maxProblemsPerKind?: number;
  /** A record nesting objects and arrays deeper than this is skipped with "invalid-record" (default 100). */
  maxRecordDepth?: number;
  /** Hash the uncompressed content (SHA-256, as digest files list it) while reading (default false). */
  hashContent?: boolean;
}

/** A record and its 0-based position among the items of the file. */
export interface ParsedRecord {
  index: number;
  record: RawRecord;
}

export type TrailFileFormat =
  "records" | "array" | "ndjson" | "lookup-events" | "digest" | "unknown";

export interface ReadSummary {
  file: string;
  format: TrailFileFormat;
  compressed: boolean;
  /** Records delivered to onBatch. */
  records: number;
  problems: Problem[];
  bytesIn: number;
  bytesDecompressed: number;
  /**
   * Hex SHA-256 of the whole uncompressed content, when `hashContent` asked for it and the
   * content was read to its end (null after a read, gzip or size failure).
   */
  sha256: string | null;
}

export type OnBatch = (batch: ParsedRecord[]) => void | Promise<void>;

const DEFAULT_BATCH_SIZE = 1000;
const DEFAULT_MAX_DECOMPRESSED_BYTES = 2 * 1024 ** 3;
const DEFAULT_MAX_RECORD_BYTES = 16 * 1024 ** 2;
export const DEFAULT_WHOLE_FILE_THRESHOLD = 32 * 1024 ** 2;
const DEFAULT_MAX_PROBLEMS_PER_KIND = 1000;
/** Real records nest about 10 levels; JSON.stringify overflows its stack past a few thousand. */
const DEFAULT_MAX_RECORD_DEPTH = 100;

export type ResolvedOptions = Required<ReaderOptions>;

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`ReaderOptions.${name} must be a positive integer, got ${value}`);
  }
  return value;
}

/** Fills in defaults; a nonsensical option is a programming error and throws. */
export function resolveOptions(options: ReaderOptions = {}): ResolvedOptions {
  return {
    batchSize: positiveInteger("batchSize", options.batchSize, DEFAULT_BATCH_SIZE),
    maxDecompressedBytes: positiveInteger(
      "maxDecompressedBytes",
      options.maxDecompressedBytes,
      DEFAULT_MAX_DECOMPRESSED_BYTES,
    ),
    maxRecordBytes: positiveInteger(
      "maxRecordBytes",
      options.maxRecordBytes,
      DEFAULT_MAX_RECORD_BYTES,
    ),
    wholeFileThreshold: positiveInteger(
      "wholeFileThreshold",
      options.wholeFileThreshold,
      DEFAULT_WHOLE_FILE_THRESHOLD,
    ),
    maxProblemsPerKind: positiveInteger(
      "maxProblemsPerKind",
      options.maxProblemsPerKind,
      DEFAULT_MAX_PROBLEMS_PER_KIND,
    ),
    maxRecordDepth: positiveInteger(
      "maxRecordDepth",
      options.maxRecordDepth,
      DEFAULT_MAX_RECORD_DEPTH,
    ),
    hashContent: options.hashContent ?? false,
  };
}
