import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { readTrailFile } from "./read-trail-file";
import {
  lookupItem,
  makeRecord,
  makeRecords,
  oneChunk,
  read,
  recordsWrapper,
  tinyChunks,
  utf8,
} from "@/test/support/reader-helpers";
import type { ParsedRecord } from "./types";

const MB = 1024 * 1024;

describe("readTrailFile: streaming", () => {
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

  it("applies maxDecompressedBytes to plain files too", async () => {
    const content = utf8(recordsWrapper(makeRecords(100)));
    const { summary, records } = await read("plain.json", oneChunk(content), {
      maxDecompressedBytes: content.length >> 1,
    });
    expect(records.length).toBeGreaterThan(10);
    expect(records.length).toBeLessThan(100);
    expect(summary.problems.map((p) => p.kind)).toEqual(["too-large"]);
  });

  it("reads a node Readable stream (the fs/S3 case) with large chunks", async () => {
    const records = makeRecords(300);
    const content = utf8(recordsWrapper(records));
    const { summary, records: got } = await read(
      "s.json",
      () => Readable.from([content.subarray(0, 5000), content.subarray(5000)]),
      {
        wholeFileThreshold: 1024,
      },
    );
    expect(summary.problems).toEqual([]);
    expect(got.map((r) => r.record)).toEqual(records);
  });
});

describe("readTrailFile: UTF-8 and escapes across chunk boundaries", () => {
  const special = [
    makeRecord(0, { s: "é漢😀\u2028", q: 'a "quote" and \\"escaped\\" \\\\' }),
    makeRecord(1, { s: "\\", t: "\\\\", u: "ends with backslash\\" }),
    makeRecord(2, { s: "\u0000\u001f control", long: "ü".repeat(300) + '\\"' + "😀".repeat(100) }),
    makeRecord(3, { 'ké"y': { Records: ["[", "{", "}", "]", ","] } }),
  ];
  const shapes: Record<string, string> = {
    records: recordsWrapper(special),
    array: JSON.stringify(special, null, 2),
    ndjson: special.map((r) => JSON.stringify(r)).join("\n"),
    lookup: JSON.stringify({ Events: special.map((r) => lookupItem(r)) }),
  };

  for (const [shape, text] of Object.entries(shapes)) {
    it(`gives the whole-parse result when fed 1-7 byte chunks (${shape})`, async () => {
      const content = utf8(text);
      const expected = special.map((record, index) => ({ index, record }));
      for (const seed of [1, 2, 3, 4, 5]) {
        const { summary, records } = await read(`${shape}.json`, tinyChunks(content, 7, seed), {
          wholeFileThreshold: 1,
        });
        expect(summary.problems).toEqual([]);
        expect(records).toEqual(expected);
      }
      const oneByte = await read(`${shape}.json`, tinyChunks(content, 1), {
        wholeFileThreshold: 1,
      });
      expect(oneByte.records).toEqual(expected);
    });
  }
});

describe("readTrailFile: I/O failures and onBatch errors", () => {
  it("reports a read error as read-failed and keeps the records before it", async () => {
    const records = makeRecords(10);
    const content = utf8(recordsWrapper(records));
    const cut = content.indexOf(records[7]!.eventID as string);
    async function* failing() {
      yield content.subarray(0, cut);
      throw new Error("connection reset by peer");
    }
    for (const options of [{}, { wholeFileThreshold: 1 }]) {
      const { summary, records: got } = await read("s3://b/k.json", failing, options);
      expect(got.map((r) => r.record)).toEqual(records.slice(0, 7));
      expect(summary.problems.map((p) => p.kind)).toEqual(["read-failed"]);
      expect(summary.problems[0]?.message).toBe(
        `reading failed after ${cut} bytes: connection reset by peer`,
      );
    }
  });

  it("reports a read error inside a gzip stream once (no truncated-gzip on top)", async () => {
    const records = makeRecords(3000);
    const compressed = gzipSync(utf8(recordsWrapper(records)));
    async function* failing() {
      yield compressed.subarray(0, compressed.length >> 1);
      throw new Error("EIO");
    }
    const { summary, records: got } = await read("k.json.gz", failing);
    expect(got.length).toBeGreaterThan(0);
    expect(summary.problems.map((p) => p.kind)).toEqual(["read-failed"]);
  });

  it("reports an open() that throws", async () => {
    const summary = await readTrailFile(
      {
        name: "gone.json",
        open: () => {
          throw new Error("ENOENT: no such file");
        },
      },
      () => undefined,
    );
    expect(summary.records).toBe(0);
    expect(summary.problems).toEqual([
      {
        kind: "read-failed",
        severity: "error",
        file: "gone.json",
        recordIndex: null,
        message: "could not open the file: ENOENT: no such file",
      },
    ]);
  });

  it("rethrows an error thrown by onBatch and closes the input", async () => {
    let closed = false;
    const content = utf8(recordsWrapper(makeRecords(50)));
    async function* open() {
      try {
        for (let i = 0; i < content.length; i += 100) yield content.subarray(i, i + 100);
      } finally {
        closed = true;
      }
    }
    await expect(
      readTrailFile(
        { name: "x.json", open },
        () => {
          throw new Error("store is full");
        },
        { batchSize: 5, wholeFileThreshold: 1 },
      ),
    ).rejects.toThrow("store is full");
    expect(closed).toBe(true);
  });
});
