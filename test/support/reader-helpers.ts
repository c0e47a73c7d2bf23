/** Helpers for the reader tests: inputs are built in memory, never read from disk. */
import { gzipSync } from "node:zlib";
import { expect } from "vitest";
import type { RawRecord } from "@/lib/cloudtrail/event-schema";
import { problemSchema } from "@/lib/cloudtrail/problem-schema";
import { readTrailFile } from "@/lib/reader/read-trail-file";
import type { ParsedRecord, ReaderOptions, ReadSummary } from "@/lib/reader/types";

/** A plausible record; `i` varies the ids and a few multi-byte and escaped characters. */
export function makeRecord(i: number, extra: Record<string, unknown> = {}): RawRecord {
  return {
    eventVersion: "1.08",
    userIdentity: {
      type: "IAMUser",
      arn: `arn:aws:iam::123456789012:user/usér-${i}`,
      userName: `usér-${i}`,
    },
    eventTime: new Date(Date.UTC(2024, 0, 1, 0, 0, i % 60, i % 1000)).toISOString(),
    eventSource: "s3.amazonaws.com",
    eventName: i % 2 === 0 ? "PutObject" : "GetObject",
    awsRegion: "eu-west-1",
    sourceIPAddress: "203.0.113.7",
    userAgent: `agent "quoted" \\ back\\slash ${i}`,
    requestParameters: { bucketName: "bücket-漢字", key: `dir/😀-${i}.txt`, Records: [1] },
    responseElements: null,
    eventID: `00000000-0000-0000-0000-${String(i).padStart(12, "0")}`,
    eventType: "AwsApiCall",
    ...extra,
  };
}

export function makeRecords(n: number, from = 0): RawRecord[] {
  return Array.from({ length: n }, (_, k) => makeRecord(from + k));
}

export const utf8 = (text: string): Buffer => Buffer.from(text, "utf8");
export const gz = (data: Buffer | string): Buffer => gzipSync(data);

/** An async iterable of small chunks of 1..maxSize bytes (deterministic). */
export function tinyChunks(bytes: Buffer, maxSize = 7, seed = 1): () => AsyncIterable<Uint8Array> {
  return async function* () {
    let state = seed;
    for (let i = 0; i < bytes.length;) {
      state = (state * 1103515245 + 12345) & 0x7fffffff;
      const size = 1 + (state % maxSize);
      yield new Uint8Array(bytes.subarray(i, i + size));
      i += size;
    }
  };
}

export function oneChunk(bytes: Buffer): () => AsyncIterable<Uint8Array> {
  return async function* () {
    yield bytes;
  };
}

export interface ReadResult {
  summary: ReadSummary;
  records: ParsedRecord[];
  batches: number;
}

/** Reads bytes into a list of records; every problem must match the shared schema. */
export async function read(
  name: string,
  open: () => AsyncIterable<Uint8Array>,
  options?: ReaderOptions,
): Promise<ReadResult> {
  const records: ParsedRecord[] = [];
  let batches = 0;
  const summary = await readTrailFile(
    { name, open },
    (batch) => {
      batches++;
      records.push(...batch);
    },
    options,
  );
  for (const problem of summary.problems) {
    expect(problemSchema.parse(problem)).toEqual(problem);
    expect(problem.file).toBe(name);
  }
  expect(summary.records).toBe(records.length);
  return { summary, records, batches };
}

/** What must not depend on the path taken: records, format and problems (kind, index). */
function outcome(result: ReadResult) {
  return {
    format: result.summary.format,
    records: result.records,
    problems: result.summary.problems.map((p) => [p.kind, p.severity, p.recordIndex]),
  };
}

/**
 * Reads the same content four ways: whole-file fast path and streaming path with tiny
 * chunks, plain and gzip. Asserts all four agree and returns the plain fast-path result.
 */
export async function readAllWays(
  name: string,
  content: Buffer,
  options: ReaderOptions = {},
): Promise<ReadResult> {
  const plainName = name.replace(/\.gz$/, "");
  const gzName = `${plainName}.gz`;
  const fast = await read(plainName, oneChunk(content), options);
  const streamOptions = { ...options, wholeFileThreshold: 1 };
  const streamed = await read(plainName, tinyChunks(content), streamOptions);
  const fastGz = await read(gzName, oneChunk(gz(content)), options);
  const streamedGz = await read(gzName, tinyChunks(gz(content), 5, 7), streamOptions);
  expect(fast.summary.compressed).toBe(false);
  expect(fastGz.summary.compressed).toBe(true);
  expect(outcome(streamed)).toEqual(outcome(fast));
  expect(outcome(fastGz)).toEqual(outcome(fast));
  expect(outcome(streamedGz)).toEqual(outcome(fast));
  if (fast.summary.problems.length === 0) {
    expect(streamedGz.summary.bytesDecompressed).toBe(content.length);
  }
  return fast;
}

export function recordsWrapper(records: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ Records: records, ...extra });
}

export function lookupItem(record: RawRecord, overrides: Record<string, unknown> = {}) {
  return {
    EventId: record.eventID,
    EventName: record.eventName,
    ReadOnly: "false",
    EventTime: "2024-01-01 00:00:00+11:00",
    EventSource: record.eventSource,
    Resources: [],
    CloudTrailEvent: JSON.stringify(record),
    ...overrides,
  };
}
