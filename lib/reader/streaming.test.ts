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

describe("readTrailFile: streaming", () => {
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
