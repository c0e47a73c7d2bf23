import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import type { Problem } from "@/lib/cloudtrail/problem-schema";
import {
  gz,
  lookupItem,
  makeRecord,
  makeRecords,
  oneChunk,
  read,
  readAllWays,
  recordsWrapper,
  tinyChunks,
  utf8,
} from "@/test/support/reader-helpers";

const kinds = (problems: Problem[]) => problems.map((p) => [p.kind, p.severity, p.recordIndex]);

describe("readTrailFile: bad records", () => {
  it("skips a record without eventTime, or with one that is not a date, and keeps the rest", async () => {
    const records = makeRecords(4);
    const noTime = { ...makeRecord(9) };
    delete noTime.eventTime;
    const badTime = makeRecord(8, { eventTime: "yesterday-ish" });
    const content = utf8(recordsWrapper([records[0], noTime, records[1], badTime, records[2]]));
    const { summary, records: got } = await readAllWays("t.json", content);
    expect(got.map((r) => r.index)).toEqual([0, 2, 4]);
    expect(got[2]?.record).toEqual(records[2]);
    expect(kinds(summary.problems)).toEqual([
      ["missing-event-time", "error", 1],
      ["missing-event-time", "error", 3],
    ]);
    expect(summary.problems[0]?.message).toMatch(/record 1 has no eventTime/);
    expect(summary.problems[1]?.message).toContain("yesterday-ish");
  });

  it("skips an eventTime outside the years 1970 to 9999, which Date.parse still takes", async () => {
    const times = [
      "+275760-09-13T00:00:00.000Z",
      "-000001-01-01T00:00:00Z",
      "1969-12-31T23:59:59Z",
    ];
    const edges = [
      makeRecord(0, { eventTime: "1970-01-01T00:00:00Z" }),
      makeRecord(4, { eventTime: "9999-12-31T23:59:59Z" }),
    ];
    const content = utf8(
      recordsWrapper([
        edges[0],
        ...times.map((eventTime, i) => makeRecord(i + 1, { eventTime })),
        edges[1],
      ]),
    );
    const { summary, records: got } = await readAllWays("years.json", content);
    expect(got.map((r) => r.record)).toEqual(edges);
    expect(kinds(summary.problems)).toEqual(
      [1, 2, 3].map((i) => ["missing-event-time", "error", i]),
    );
    expect(summary.problems[0]?.message).toMatch(
      /record 1 has an eventTime that is not a date of the years 1970 to 9999/,
    );
  });

  it("skips a record nested deeper than maxRecordDepth (JSON.stringify would overflow), both paths", async () => {
    const nested = (levels: number) =>
      JSON.parse("[".repeat(levels) + "]".repeat(levels)) as unknown;
    // The record is level 1: 99 levels inside it make 100, the default limit.
    const deepest = makeRecord(1, { requestParameters: nested(99) });
    const text = [
      JSON.stringify(makeRecord(0)),
      JSON.stringify(deepest),
      JSON.stringify(makeRecord(2)).replace(
        '"responseElements":null',
        `"responseElements":${"[".repeat(100_000)}${"]".repeat(100_000)}`,
      ),
      JSON.stringify(makeRecord(3, { a: { b: nested(99) } })),
    ];
    const { summary, records: got } = await readAllWays(
      "deep.json",
      utf8(`{"Records":[${text.join(",")}]}`),
    );
    expect(got.map((r) => r.index)).toEqual([0, 1]);
    expect(got[1]?.record).toEqual(deepest);
    expect(kinds(summary.problems)).toEqual([
      ["invalid-record", "error", 2],
      ["invalid-record", "error", 3],
    ]);
    expect(summary.problems[0]?.message).toBe(
      "record 2 is nested deeper than 100 levels of objects and arrays; skipped",
    );
    const lower = await read(
      "deep.json",
      oneChunk(utf8(recordsWrapper([makeRecord(0, { x: [[1]] })]))),
      {
        maxRecordDepth: 2,
      },
    );
    expect(kinds(lower.summary.problems)).toEqual([["invalid-record", "error", 0]]);
  });

  it("reports items that are not objects, or objects that are not CloudTrail records", async () => {
    const content = utf8(
      JSON.stringify([
        makeRecord(0),
        42,
        "text",
        null,
        [makeRecord(1)],
        { hello: "world" },
        makeRecord(2),
      ]),
    );
    const { summary, records: got } = await readAllWays("mixed.json", content);
    expect(got.map((r) => r.index)).toEqual([0, 6]);
    expect(kinds(summary.problems)).toEqual(
      [1, 2, 3, 4, 5].map((i) => ["invalid-record", "error", i]),
    );
    expect(summary.problems[0]?.message).toMatch(/record 1 is a number, not a JSON object/);
  });

  it("reports a LookupEvents item whose CloudTrailEvent string is not valid JSON", async () => {
    const records = makeRecords(3);
    const broken = lookupItem(records[1]!, { CloudTrailEvent: '{"eventVersion":"1.08",' });
    const content = utf8(
      JSON.stringify({ Events: [lookupItem(records[0]!), broken, lookupItem(records[2]!)] }),
    );
    const { summary, records: got } = await readAllWays("lookup.json", content);
    expect(got).toEqual([
      { index: 0, record: records[0] },
      { index: 2, record: records[2] },
    ]);
    expect(kinds(summary.problems)).toEqual([["invalid-record", "error", 1]]);
    expect(summary.problems[0]?.message).toMatch(/CloudTrailEvent string is not valid JSON/);
  });

  it("loses only the bad record when one record inside an array is invalid JSON", async () => {
    const records = makeRecords(4);
    const parts = records.map((r) => JSON.stringify(r));
    parts[2] = '{"eventTime":"2024-01-01T00:00:00Z", "eventName": tru, "x": 1}';
    const content = utf8(`{"Records":[${parts.join(",\n")}]}`);
    const { summary, records: got } = await readAllWays("bad.json", content);
    expect(got.map((r) => r.index)).toEqual([0, 1, 3]);
    expect(got[2]?.record).toEqual(records[3]);
    expect(kinds(summary.problems)).toEqual([["invalid-json", "error", 2]]);
    expect(summary.problems[0]?.message).toMatch(/record 2 \(line 3, byte \d+\) is not valid JSON/);
  });

  it("recovers after a record that lost its closing brace", async () => {
    const records = makeRecords(3);
    // userIdentity loses its closing brace: the record's own brace closes it instead.
    const broken = JSON.stringify(records[1]).replace('},"eventTime"', ',"eventTime"');
    expect(broken).not.toBe(JSON.stringify(records[1]));
    const content = utf8(
      `{"Records":[\n${JSON.stringify(records[0])},\n${broken},\n${JSON.stringify(records[2])}\n]}`,
    );
    const { summary, records: got } = await readAllWays("lost-brace.json", content);
    expect(got).toEqual([
      { index: 0, record: records[0] },
      { index: 2, record: records[2] },
    ]);
    expect(kinds(summary.problems)).toEqual([["invalid-json", "error", 1]]);
  });

  it("recovers after a broken line in NDJSON", async () => {
    const records = makeRecords(3);
    const lines = [
      JSON.stringify(records[0]),
      '{"eventTime":"2024-01-01T00:00:00Z","requestParameters":{"a":[1,2}',
      "not json at all",
      JSON.stringify(records[1]),
      '{"eventTime":"2024-01-01T00:00:00Z","userAgent":"unterminated',
      JSON.stringify(records[2]),
    ];
    const { summary, records: got } = await readAllWays("broken.ndjson", utf8(lines.join("\n")));
    expect(got.map((r) => r.index)).toEqual([0, 3, 5]);
    expect(got.map((r) => r.record)).toEqual(records);
    expect(kinds(summary.problems)).toEqual([
      ["invalid-json", "error", 1],
      ["invalid-json", "error", 2],
      ["invalid-json", "error", 4],
    ]);
    expect(summary.problems[1]?.message).toMatch(/line 3/);
  });

  it("skips a record past maxRecordBytes and keeps the others", async () => {
    const records = [makeRecord(0), makeRecord(1, { big: "x".repeat(5000) }), makeRecord(2)];
    const { summary, records: got } = await readAllWays("big.json", utf8(recordsWrapper(records)), {
      maxRecordBytes: 2000,
    });
    expect(got.map((r) => r.index)).toEqual([0, 2]);
    expect(kinds(summary.problems)).toEqual([["record-too-large", "error", 1]]);
    expect(summary.problems[0]?.message).toMatch(/record 1 .* more than the 2000-byte limit/);
  });

  it("lists at most maxProblemsPerKind problems of one kind, then counts the rest", async () => {
    const items = Array.from({ length: 12 }, (_, i) => ({ eventName: `E${i}` }));
    const { summary } = await read("many.json", oneChunk(utf8(JSON.stringify(items))), {
      maxProblemsPerKind: 5,
    });
    expect(summary.problems).toHaveLength(6);
    expect(summary.problems.slice(0, 5).map((p) => p.recordIndex)).toEqual([0, 1, 2, 3, 4]);
    expect(summary.problems[5]).toMatchObject({ kind: "missing-event-time", recordIndex: null });
    expect(summary.problems[5]?.message).toMatch(/^7 more/);
  });
});

describe("readTrailFile: bad files", () => {
  it("reports whole-file garbage once", async () => {
    const { summary, records } = await readAllWays(
      "notes.json",
      utf8("Event Type,Event Name\nx,y\n"),
    );
    expect(records).toEqual([]);
    expect(summary.format).toBe("unknown");
    expect(kinds(summary.problems)).toEqual([["invalid-json", "error", null]]);
    expect(summary.problems[0]?.message).toContain('starts with "Event Type,Event Name');
  });

  it("reports JSON of an unknown shape as unsupported-format", async () => {
    const { summary } = await readAllWays(
      "sns.json",
      utf8(JSON.stringify({ Type: "Notification", Message: "{}" })),
    );
    expect(kinds(summary.problems)).toEqual([["unsupported-format", "error", null]]);
    expect(summary.problems[0]?.message).toMatch(/keys Type, Message/);
  });

  it("notes once that a manifest or index beside the trail is not a CloudTrail log file", async () => {
    const manifest = [
      { key: "AWSLogs/1/CloudTrail/a.json.gz", size: 10 },
      { key: "AWSLogs/1/CloudTrail/b.json.gz", size: 12 },
      { key: "AWSLogs/1/CloudTrail/c.json.gz", size: 14 },
    ];
    for (const text of [
      JSON.stringify(manifest),
      manifest.map((m) => JSON.stringify(m)).join("\n"),
    ]) {
      const { summary, records } = await readAllWays("manifest.json", utf8(text));
      expect(records).toEqual([]);
      expect(kinds(summary.problems)).toEqual([["unsupported-format", "error", null]]);
      expect(summary.problems[0]?.message).toMatch(
        /^not a CloudTrail log file: .*none of its 3 items is a CloudTrail record \(the first is an object with keys key, size\)/,
      );
    }
    // One CloudTrail record among them: the others are that trail file's broken records.
    const mixed = JSON.stringify([manifest[0], makeRecords(1)[0], manifest[1]]);
    const { summary, records } = await readAllWays("mixed.json", utf8(mixed));
    expect(records).toHaveLength(1);
    expect(kinds(summary.problems)).toEqual([
      ["invalid-record", "error", 0],
      ["invalid-record", "error", 2],
    ]);
  });

  it("warns about valid JSON holding no records", async () => {
    for (const text of ['{"Records":[]}', "[]", "  \n"]) {
      const { summary, records } = await readAllWays("empty.json", utf8(text));
      expect(records).toEqual([]);
      expect(kinds(summary.problems)).toEqual([["no-records", "warning", null]]);
    }
    const empty = await read("zero.json", oneChunk(Buffer.alloc(0)));
    expect(kinds(empty.summary.problems)).toEqual([["no-records", "warning", null]]);
  });

  it("takes an empty LookupEvents answer as a quiet time window, not a problem", async () => {
    const { summary, records } = await readAllWays(
      "management/2026-11-06T03",
      utf8('{"Events":[],"NextToken":null}'),
    );
    expect(records).toEqual([]);
    expect(summary.problems).toEqual([]);
    expect(summary.format).toBe("lookup-events");
  });

  it("reports truncated JSON and keeps the records before the cut", async () => {
    const records = makeRecords(6);
    const full = recordsWrapper(records);
    const cut = full.indexOf('"eventSource"', full.indexOf(records[4]!.eventID as string));
    const { summary, records: got } = await readAllWays("cut.json", utf8(full.slice(0, cut)));
    expect(got.map((r) => r.index)).toEqual([0, 1, 2, 3, 4]);
    expect(kinds(summary.problems)).toEqual([["truncated-json", "error", 5]]);
    expect(summary.problems[0]?.message).toMatch(/ends inside record 5/);

    const between = await readAllWays(
      "cut2.json",
      utf8(full.slice(0, full.lastIndexOf("},{") + 2)),
    );
    expect(between.records).toHaveLength(5);
    expect(kinds(between.summary.problems)).toEqual([["truncated-json", "error", null]]);
  });

  it("reads JSON named .gz with a warning", async () => {
    const records = makeRecords(2);
    const { summary, records: got } = await read(
      "x_CloudTrail_us-east-1_20240101T0000Z_a.json.gz",
      oneChunk(utf8(recordsWrapper(records))),
    );
    expect(summary.compressed).toBe(false);
    expect(got.map((r) => r.record)).toEqual(records);
    expect(kinds(summary.problems)).toEqual([["not-gzip", "warning", null]]);
  });

  it("rejects bytes named .gz that are neither gzip nor JSON with one error", async () => {
    for (const open of [oneChunk(utf8("<html>denied</html>")), oneChunk(Buffer.alloc(0))]) {
      const { summary, records } = await read("x.json.gz", open);
      expect(records).toEqual([]);
      expect(kinds(summary.problems)).toEqual([["not-gzip", "error", null]]);
    }
  });

  it("reports a truncated gzip and keeps the records before the cut", async () => {
    const records = makeRecords(3000);
    const compressed = gzipSync(utf8(recordsWrapper(records)));
    const cut = compressed.subarray(0, Math.floor(compressed.length * 0.6));
    for (const open of [oneChunk(cut), tinyChunks(cut, 4096)]) {
      const { summary, records: got } = await read("cut.json.gz", open);
      expect(got.length).toBeGreaterThan(1000);
      expect(got.length).toBeLessThan(3000);
      expect(got).toEqual(records.slice(0, got.length).map((record, index) => ({ index, record })));
      expect(kinds(summary.problems)).toEqual([["truncated-gzip", "error", null]]);
      expect(summary.problems[0]?.message).toBe(
        `gzip stream ends early after ${cut.length} bytes (truncated file?)`,
      );
    }
  });

  it("reports a corrupt gzip and keeps what decoded before the damage", async () => {
    const records = makeRecords(3000);
    const compressed = Buffer.from(gzipSync(utf8(recordsWrapper(records))));
    compressed.writeUInt8(
      compressed.readUInt8(compressed.length - 6) ^ 0xff,
      compressed.length - 6,
    ); // CRC32
    const { summary, records: got } = await read("crc.json.gz", oneChunk(compressed));
    expect(kinds(summary.problems)).toEqual([["corrupt-gzip", "error", null]]);
    expect(summary.problems[0]?.message).toMatch(/gzip data is corrupt \(incorrect data check\)/);
    expect(got.length).toBeGreaterThan(0);
    expect(got).toEqual(records.slice(0, got.length).map((record, index) => ({ index, record })));

    const header = Buffer.from(gz(recordsWrapper(records.slice(0, 3))));
    header[2] = 0x07; // compression method
    const bad = await read("method.json.gz", oneChunk(header));
    expect(kinds(bad.summary.problems)).toEqual([["corrupt-gzip", "error", null]]);
    expect(bad.records).toEqual([]);
  });

  it("reads every member of a multi-member gzip, with a record split between members", async () => {
    const records = makeRecords(50);
    const content = utf8(recordsWrapper(records));
    const split = content.indexOf("eventName", content.length >> 1);
    const multi = Buffer.concat([
      gzipSync(content.subarray(0, split)),
      gzipSync(content.subarray(split)),
    ]);
    const expected = records.map((record, index) => ({ index, record }));
    for (const [open, options] of [
      [oneChunk(multi), {}],
      [tinyChunks(multi, 7), { wholeFileThreshold: 1 }],
    ] as const) {
      const { summary, records: got } = await read("multi.json.gz", open, options);
      expect(got).toEqual(expected);
      expect(summary.problems).toEqual([]);
      expect(summary.bytesDecompressed).toBe(content.length);
    }
  });
});
