import { randomBytes } from "node:crypto";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { readRecordTexts } from "@/lib/reader/record-text";
import { readTrailFile } from "@/lib/reader/read-trail-file";
import type { ParsedRecord } from "@/lib/reader/types";
import {
  gz,
  makeRecord,
  makeRecords,
  read,
  recordsWrapper,
  utf8,
} from "@/test/support/reader-helpers";

/**
 * The reader on inputs of tens to hundreds of megabytes, generated in memory:
 * it streams them in bounded memory, stops a decompression bomb, and reads no
 * further than it needs. (The reader's other tests sit beside it in lib/reader.)
 */

const MB = 1024 * 1024;
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe("readTrailFile: large inputs", () => {
  it("streams a ~150 MB file without buffering it, and awaits onBatch (backpressure)", async () => {
    // Records are generated lazily; `pulled` counts the bytes handed to the reader.
    const template = JSON.stringify(makeRecord(0, { padding: "é".repeat(600) }));
    const recordBytes = Buffer.byteLength(template) + 1;
    const total = Math.ceil((150 * MB) / recordBytes);
    let pulled = 0;
    async function* generate(): AsyncGenerator<Uint8Array> {
      const head = utf8('{"Records":[');
      pulled += head.length;
      yield head;
      const perChunk = 100;
      for (let i = 0; i < total; i += perChunk) {
        const parts: string[] = [];
        for (let k = i; k < Math.min(total, i + perChunk); k++) {
          parts.push(
            (k === 0 ? "" : ",") + template.replace("000000000000", String(k).padStart(12, "0")),
          );
        }
        const chunk = utf8(parts.join(""));
        pulled += chunk.length;
        yield chunk;
      }
      const tail = utf8("]}");
      pulled += tail.length;
      yield tail;
    }

    let firstBatchAt = -1;
    let maxAhead = 0;
    let delivered = 0;
    let lastIndex = -1;
    let batches = 0;
    const summary = await readTrailFile(
      { name: "big.json", open: generate },
      async (batch: ParsedRecord[]) => {
        batches++;
        if (firstBatchAt < 0) firstBatchAt = pulled;
        for (const { index, record } of batch) {
          if (index !== lastIndex + 1) throw new Error(`index ${index} after ${lastIndex}`);
          lastIndex = index;
          if (record.eventID !== `00000000-0000-0000-0000-${String(index).padStart(12, "0")}`) {
            throw new Error(`record ${index} has eventID ${String(record.eventID)}`);
          }
        }
        delivered += batch.length;
        maxAhead = Math.max(maxAhead, pulled - delivered * recordBytes);
        await new Promise((resolve) => setImmediate(resolve));
      },
      { wholeFileThreshold: 4 * MB },
    );
    expect(summary.problems).toEqual([]);
    expect(summary.records).toBe(total);
    expect(delivered).toBe(total);
    expect(batches).toBe(Math.ceil(total / 1000));
    expect(summary.bytesIn).toBe(pulled);
    expect(pulled).toBeGreaterThan(145 * MB);
    expect(firstBatchAt).toBeGreaterThan(0);
    expect(firstBatchAt).toBeLessThan(8 * MB);
    // Never more than a few MB read ahead of what onBatch has taken.
    expect(maxAhead).toBeLessThan(8 * MB);
  });

  it("stops a gzip bomb at maxDecompressedBytes and keeps the records before it", async () => {
    const records = makeRecords(1000);
    // Member 1: the records, the array left open. Then endless members of 16 MB of spaces
    // (a valid multi-member gzip of unbounded size): the read must stop on its own.
    const first = gzipSync(utf8(recordsWrapper(records).slice(0, -2) + ","));
    const spaces = gzipSync(Buffer.alloc(16 * MB, 0x20));
    expect(spaces.length).toBeLessThan(64 * 1024);
    const limit = 64 * MB;
    for (const wholeFileThreshold of [undefined, 64 * 1024]) {
      let closed = false;
      async function* open() {
        try {
          for (let i = 0; i < first.length; i += 1024) yield first.subarray(i, i + 1024);
          for (;;) yield spaces;
        } finally {
          closed = true;
        }
      }
      const { summary, records: got } = await read("bomb.json.gz", open, {
        maxDecompressedBytes: limit,
        wholeFileThreshold,
      });
      expect(got).toEqual(records.map((record, index) => ({ index, record })));
      expect(summary.problems.map((p) => [p.kind, p.severity])).toEqual([["too-large", "error"]]);
      expect(summary.problems[0]?.message).toMatch(/more than 67108864 bytes/);
      expect(summary.bytesDecompressed).toBe(limit);
      expect(summary.bytesIn).toBeLessThan((wholeFileThreshold ?? 32 * MB) + 4 * MB);
      expect(closed).toBe(true);
    }
  });
});

describe("readRecordTexts: large inputs", () => {
  /** A generated NDJSON file of `count` records in chunks of ~64 KB; counts chunks pulled. */
  function bigFile(count: number, gzip: boolean) {
    // Random padding, so that the gzip file is large too.
    const lines = range(count).map((i) =>
      JSON.stringify(makeRecord(i, { padding: randomBytes(300).toString("base64") })),
    );
    const content = utf8(lines.join("\n") + "\n");
    const bytes = gzip ? gz(content) : content;
    const chunkSize = 64 * 1024;
    const stats = { pulled: 0, closed: false, chunks: Math.ceil(bytes.length / chunkSize) };
    async function* chunks(): AsyncGenerator<Buffer> {
      try {
        for (let at = 0; at < bytes.length; at += chunkSize) {
          stats.pulled++;
          yield bytes.subarray(at, at + chunkSize);
        }
      } finally {
        stats.closed = true;
      }
    }
    return { lines, chunks, stats };
  }

  it("stops reading once the last requested index was passed, and releases the input", async () => {
    const { lines, chunks, stats } = bigFile(40_000, false);
    expect(stats.chunks).toBeGreaterThan(200);
    expect(await readRecordTexts(chunks(), [0])).toEqual(new Map([[0, lines[0]]]));
    expect(stats.pulled).toBe(1);
    expect(stats.closed).toBe(true);

    const middle = 20_000;
    expect(await readRecordTexts(chunks(), [middle])).toEqual(new Map([[middle, lines[middle]]]));
    expect(stats.pulled).toBeGreaterThan(1 + stats.chunks * 0.4);
    expect(stats.pulled).toBeLessThan(1 + stats.chunks * 0.6);
  });

  it("stops early through gunzip too", async () => {
    const { lines, chunks, stats } = bigFile(25_000, true);
    expect(stats.chunks).toBeGreaterThan(100);
    expect(await readRecordTexts(chunks(), [1])).toEqual(new Map([[1, lines[1]]]));
    // The gunzip stream reads ahead into its buffers (1 MB in, 1 MB out), no more.
    expect(stats.pulled).toBeLessThan(40);
    expect(stats.closed).toBe(true);
  });
});
