import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { readRecordTexts, type RecordTextOptions } from "./record-text";
import {
  gz,
  lookupItem,
  makeRecord,
  makeRecords,
  oneChunk,
  read,
  tinyChunks,
  utf8,
} from "@/test/support/reader-helpers";
import type { ParsedRecord, ReaderOptions } from "./types";

/** A compact record as a writer other than JSON.stringify may spell it. */
const ODD_SPELLING =
  '{"eventVersion":"1.08","eventTime":"2024-01-01T00:00:00Z","eventName":"Caf\\u00e9",' +
  '"eventSource":"s3.amazonaws.com","requestParameters":{"key":"a\\/b","cost":1.50,"n":1e2,' +
  '"s":"tab\\there \\"q\\" \\ud83d\\ude00"},"eventID":"odd-1"}';

/** Compact record texts: one with escapes and numbers JSON.stringify rewrites, then usual ones. */
const RAW = [ODD_SPELLING, ...makeRecords(4).map((record) => JSON.stringify(record))];

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** The records readTrailFile delivers for `bytes`, read as one chunk (its usual path). */
async function delivered(bytes: Buffer, options?: ReaderOptions): Promise<ParsedRecord[]> {
  const gzip = bytes[0] === 0x1f && bytes[1] === 0x8b;
  return (await read(gzip ? "file.json.gz" : "file.json", oneChunk(bytes), options)).records;
}

/**
 * Checks readRecordTexts against readTrailFile on `content`, plain and gzip, as a Buffer and
 * streamed in 1..7-byte chunks: every delivered record (and only those) has a text whose
 * JSON.parse equals it. Returns the texts of the plain Buffer.
 */
async function expectAgreement(
  content: Buffer,
  options?: RecordTextOptions,
): Promise<Map<number, string>> {
  let plainTexts: Map<number, string> | null = null;
  for (const bytes of [content, gz(content)]) {
    const records = await delivered(bytes, options);
    expect(records.length).toBeGreaterThan(0);
    const asked = range(records.at(-1)!.index + 5);
    const texts = await readRecordTexts(bytes, asked, options);
    expect([...texts.keys()]).toEqual(records.map((r) => r.index));
    for (const { index, record } of records) {
      expect(JSON.parse(texts.get(index)!)).toEqual(record);
    }
    const streamed = await readRecordTexts(tinyChunks(bytes)(), asked, options);
    expect(streamed).toEqual(texts);
    plainTexts ??= texts;
  }
  return plainTexts!;
}

/** The texts by index, in order, for a compact file: must be exactly `expected`. */
function expectExact(texts: Map<number, string>, expected: [number, string][]) {
  expect([...texts.entries()]).toEqual(expected);
}

describe("readRecordTexts: each shape, plain and gzip, Buffer and streamed", () => {
  it('cuts records byte for byte out of {"Records":[...]}', async () => {
    const content = utf8(`{"x":{"Records":[1]},"Records":[${RAW.join(",")}],"NextToken":"t"}`);
    const texts = await expectAgreement(content);
    expectExact(
      texts,
      RAW.map((text, i) => [i, text]),
    );
    // JSON.stringify would have spelled the odd record differently.
    expect(JSON.stringify(JSON.parse(ODD_SPELLING))).not.toBe(ODD_SPELLING);
  });

  it("cuts records out of a top-level array, without spaces or commas", async () => {
    const texts = await expectAgreement(utf8(`[ ${RAW.join(" ,\n ")} ]\n`));
    expectExact(
      texts,
      RAW.map((text, i) => [i, text]),
    );
  });

  it("cuts NDJSON lines, with a byte order mark, CRLF line ends and blank lines", async () => {
    const texts = await expectAgreement(utf8("\ufeff" + RAW.join("\r\n\r\n") + "\r\n"));
    expectExact(
      texts,
      RAW.map((text, i) => [i, text]),
    );
  });

  it("gives a single top-level record, compact or pretty-printed", async () => {
    expectExact(await expectAgreement(utf8(`\n ${ODD_SPELLING} \n`)), [[0, ODD_SPELLING]]);
    const pretty = JSON.stringify(makeRecord(3), null, 2);
    expectExact(await expectAgreement(utf8(pretty)), [[0, pretty]]);
  });

  it("gives the records of a pretty-printed file as the exact spans of the file", async () => {
    const content = JSON.stringify({ Records: makeRecords(4) }, null, 2);
    const texts = await expectAgreement(utf8(content));
    let from = 0;
    for (const text of texts.values()) {
      const at = content.indexOf(text, from);
      expect(at).toBeGreaterThan(from);
      from = at + text.length;
    }
  });

  it("gives the CloudTrailEvent string of LookupEvents items, as AWS wrote it", async () => {
    const items = RAW.map((text, i) => ({ ...lookupItem(makeRecord(i)), CloudTrailEvent: text }));
    const content = JSON.stringify({ Events: items, NextToken: "abc" }, null, 4);
    expectExact(
      await expectAgreement(utf8(content)),
      RAW.map((text, i) => [i, text]),
    );
    const lines = items.map((item) => JSON.stringify(item)).join("\n");
    expectExact(
      await expectAgreement(utf8(lines)),
      RAW.map((text, i) => [i, text]),
    );
  });

  it("gives inline records of an Events array and EventBridge details (re-serialized)", async () => {
    const records = makeRecords(3);
    await expectAgreement(utf8(JSON.stringify({ Events: records })));
    const envelope = (detail: unknown) => ({
      version: "0",
      "detail-type": "AWS API Call via CloudTrail",
      detail,
    });
    const texts = await expectAgreement(
      utf8(records.map((r) => JSON.stringify(envelope(r))).join("\n")),
    );
    expect([...texts.values()]).toEqual(records.map((r) => JSON.stringify(r)));
  });

  it("reads several concatenated gzip members", async () => {
    const a = utf8(RAW.slice(0, 2).join("\n") + "\n");
    const b = utf8(RAW.slice(2).join("\n") + "\n");
    const bytes = Buffer.concat([gzipSync(a), gzipSync(b)]);
    expect(await delivered(bytes)).toHaveLength(RAW.length);
    const expected = new Map(RAW.map((text, i) => [i, text]));
    expect(await readRecordTexts(bytes, range(9))).toEqual(expected);
    expect(await readRecordTexts(tinyChunks(bytes, 7)(), range(9))).toEqual(expected);
  });
});

describe("readRecordTexts: damaged files and items that are not records", () => {
  it("skips a broken record in the middle and keeps the numbering after it", async () => {
    const broken = '{"eventTime":"2024-01-01T00:00:00Z","eventName":"Cut"';
    const ndjson = await expectAgreement(utf8([RAW[0], broken, RAW[1], RAW[2]].join("\n")));
    expectExact(ndjson, [
      [0, RAW[0]!],
      [2, RAW[1]!],
      [3, RAW[2]!],
    ]);
    const array = await expectAgreement(
      utf8(`{"Records":[${RAW[0]},{"eventTime":"2024-01-01T00:00:00Z",,},${RAW[1]}]}`),
    );
    expectExact(array, [
      [0, RAW[0]!],
      [2, RAW[1]!],
    ]);
    expect(await readRecordTexts(utf8(`[${RAW[0]},{"eventTime":,},${RAW[1]}]`), [1])).toEqual(
      new Map(),
    );
  });

  it("leaves out digests, records without eventTime, and records too deep or too large", async () => {
    const deep = JSON.stringify(makeRecord(7, { deep: [[[[[["x"]]]]]] }));
    const large = JSON.stringify(makeRecord(8, { padding: "x".repeat(5000) }));
    const items = [
      RAW[0],
      JSON.stringify({ digestStartTime: "x", digestEndTime: "y", logFiles: [] }),
      JSON.stringify({ eventName: "NoTime" }),
      deep,
      large,
      RAW[1],
    ];
    const options = { maxRecordDepth: 5, maxRecordBytes: 4000 };
    const texts = await expectAgreement(utf8(`{"Records":[${items.join(",")}]}`), options);
    expectExact(texts, [
      [0, RAW[0]!],
      [5, RAW[1]!],
    ]);
  });

  it("keeps what decodes before the end of a truncated gzip file", async () => {
    const lines = makeRecords(50).map((record) => JSON.stringify(record));
    const zipped = gz(utf8(`{"Records":[${lines.join(",")}]}`));
    const cut = zipped.subarray(0, Math.floor(zipped.length * 0.6));
    // How much the reader decodes depends on its input chunks: 22 records here in one
    // chunk, 21 in chunks of 1..7 bytes.
    const whole = await delivered(cut);
    const streamed = (await read("cut.json.gz", tinyChunks(cut, 7))).records;
    expect(whole.length).toBeGreaterThan(5);
    expect(whole.length).toBeLessThan(50);
    expect(streamed.length).toBeLessThanOrEqual(whole.length);
    // The Buffer path decodes all there is: every record the reader delivered either way.
    const texts = await readRecordTexts(cut, range(60));
    expect([...texts.keys()]).toEqual(range(texts.size));
    expect(texts.size).toBeGreaterThanOrEqual(whole.length);
    expect(texts.size).toBeLessThan(50);
    for (const [index, text] of texts) expect(text).toBe(lines[index]);
    // A stream decodes as the reader's stream does.
    const textsStreamed = await readRecordTexts(tinyChunks(cut, 7)(), range(60));
    expect([...textsStreamed.keys()]).toEqual(streamed.map((r) => r.index));
  });

  it("stops at maxDecompressedBytes as the reader does", async () => {
    const content = utf8(RAW.join("\n"));
    const options = { maxDecompressedBytes: RAW[0]!.length + RAW[1]!.length + 10 };
    expectExact(await expectAgreement(content, options), [
      [0, RAW[0]!],
      [1, RAW[1]!],
    ]);
  });

  it("gives nothing for bytes that are not JSON, and never throws on content", async () => {
    const junk = utf8("<html>not a trail</html>");
    expect(await readRecordTexts(junk, [0, 1])).toEqual(new Map());
    expect(await readRecordTexts(gz(junk), [0])).toEqual(new Map());
    expect(await readRecordTexts(Buffer.from([0x1f, 0x8b, 1, 2, 3]), [0])).toEqual(new Map());
    expect(await readRecordTexts(Buffer.alloc(0), [0])).toEqual(new Map());
  });
});

describe("readRecordTexts: choosing indexes", () => {
  const content = utf8(`{"Records":[${RAW.join(",")}]}`);

  it("returns only the requested indexes, in any order, duplicates allowed", async () => {
    for (const bytes of [content, gz(content)]) {
      const texts = await readRecordTexts(bytes, [3, 1, 3]);
      expect([...texts.entries()].sort()).toEqual([
        [1, RAW[1]],
        [3, RAW[3]],
      ]);
      expect(await readRecordTexts(tinyChunks(bytes)(), new Set([3, 1]))).toEqual(texts);
    }
  });

  it("leaves out indexes out of range and indexes that are not positions", async () => {
    const texts = await readRecordTexts(content, [-1, 0.5, NaN, RAW.length, 1e9, 2]);
    expect(texts).toEqual(new Map([[2, RAW[2]]]));
    expect(await readRecordTexts(content, [])).toEqual(new Map());
  });

  it("numbers items as the splitter does where the reader's whole-file parse differs", async () => {
    // Two "Records" keys: JSON.parse keeps only the last array, the splitter reads both.
    const text = `{"Records":[${RAW[0]},${RAW[1]}],"Records":[${RAW[2]}]}`;
    const streamed = await read("dup.json", tinyChunks(utf8(text)), { wholeFileThreshold: 1 });
    const whole = await read("dup.json", oneChunk(utf8(text)));
    expect(streamed.records.map((r) => r.index)).toEqual([0, 1, 2]);
    expect(whole.records.map((r) => r.index)).toEqual([0]);
    expect(await readRecordTexts(utf8(text), [0, 1, 2])).toEqual(
      new Map(RAW.slice(0, 3).map((t, i) => [i, t])),
    );
  });
});

describe("readRecordTexts: streaming", () => {
  it("rethrows an error of the input, plain or gzip", async () => {
    for (const bytes of [utf8(RAW.join("\n")), gz(RAW.join("\n"))]) {
      async function* failing(): AsyncGenerator<Buffer> {
        yield bytes.subarray(0, 20);
        throw new Error("connection reset");
      }
      await expect(readRecordTexts(failing(), [3])).rejects.toThrow("connection reset");
    }
  });
});
