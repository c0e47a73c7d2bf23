import { describe, expect, it } from "vitest";
import {
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

describe("readTrailFile: input shapes (each read plain and gzip, whole and streamed)", () => {
  const records = makeRecords(5);
  const expected = records.map((record, index) => ({ index, record }));

  it('reads {"Records":[...]} and ignores other top-level keys, even ones named like records', async () => {
    const text = JSON.stringify({
      meta: { Records: [{ eventTime: "2020-01-01T00:00:00Z" }], note: "Records" },
      Records: records,
      Events: "not an array",
      trailing: ["Records", { Records: [] }],
    });
    const { summary, records: got } = await readAllWays("a.json", utf8(text));
    expect(summary.format).toBe("records");
    expect(got).toEqual(expected);
    expect(summary.problems).toEqual([]);
  });

  it("reads the real delivery format, pretty-printed", async () => {
    const { summary, records: got } = await readAllWays(
      "123_CloudTrail_eu-west-1_20240101T0000Z_abc.json.gz",
      utf8(JSON.stringify({ Records: records }, null, 2)),
    );
    expect(summary.format).toBe("records");
    expect(got).toEqual(expected);
  });

  it("reads a bare JSON array of records", async () => {
    const { summary, records: got } = await readAllWays(
      "array.json",
      utf8(JSON.stringify(records, null, 4)),
    );
    expect(summary.format).toBe("array");
    expect(got).toEqual(expected);
  });

  it("reads NDJSON, with CRLF line ends, blank lines and a byte order mark", async () => {
    const text = "\ufeff" + records.map((r) => JSON.stringify(r)).join("\r\n\r\n") + "\n";
    const { summary, records: got } = await readAllWays("events.ndjson", utf8(text));
    expect(summary.format).toBe("ndjson");
    expect(got).toEqual(expected);
    expect(summary.problems).toEqual([]);
  });

  it("reads concatenated pretty-printed objects", async () => {
    const text = records.map((r) => JSON.stringify(r, null, 2)).join("\n");
    const { summary, records: got } = await readAllWays("concat.json", utf8(text));
    expect(summary.format).toBe("ndjson");
    expect(got).toEqual(expected);
  });

  it("reads concatenated Records files (cat of several trail files)", async () => {
    const text = recordsWrapper(records.slice(0, 2)) + "\n" + recordsWrapper(records.slice(2));
    const { summary, records: got } = await readAllWays("cat.json", utf8(text));
    expect(summary.format).toBe("records");
    expect(got).toEqual(expected);
  });

  it("reads LookupEvents output (AWS CLI / SDK) by parsing each CloudTrailEvent string", async () => {
    const text = JSON.stringify(
      {
        $metadata: { httpStatusCode: 200, Records: "x" },
        Events: records.map((r) => lookupItem(r)),
        NextToken: "abc",
      },
      null,
      4,
    );
    const { summary, records: got } = await readAllWays("lookup.json", utf8(text));
    expect(summary.format).toBe("lookup-events");
    expect(got).toEqual(expected);
  });

  it("reads LookupEvents items one per line (boto3 jsonl)", async () => {
    const text = records.map((r) => JSON.stringify(lookupItem(r))).join("\n");
    const { summary, records: got } = await readAllWays("lookup.jsonl", utf8(text));
    expect(summary.format).toBe("lookup-events");
    expect(got).toEqual(expected);
  });

  it("accepts inline records inside an Events array", async () => {
    const text = JSON.stringify({ NextToken: null, Events: records });
    const { summary, records: got } = await readAllWays("insights-lookup.json", utf8(text));
    expect(summary.format).toBe("lookup-events");
    expect(got).toEqual(expected);
  });

  it("reads a single record object", async () => {
    const { summary, records: got } = await readAllWays(
      "one.json",
      utf8(JSON.stringify(records[0], null, 2)),
    );
    expect(summary.format).toBe("ndjson");
    expect(got).toEqual([{ index: 0, record: records[0] }]);
    expect(summary.problems).toEqual([]);
  });

  it("unwraps EventBridge envelopes (one or several)", async () => {
    const envelope = (record: unknown) => ({
      version: "0",
      "detail-type": "AWS API Call via CloudTrail",
      source: "aws.s3",
      detail: record,
    });
    const single = await readAllWays(
      "eb.json",
      utf8(JSON.stringify(envelope(records[1]), null, 2)),
    );
    expect(single.records).toEqual([{ index: 0, record: records[1] }]);
    const many = await readAllWays(
      "eb.ndjson",
      utf8(records.map((r) => JSON.stringify(envelope(r))).join("\n")),
    );
    expect(many.records).toEqual(expected);
  });

  it("passes records through untouched, unknown fields included", async () => {
    const odd = makeRecord(1, {
      eventVersion: "1.99",
      someFutureField: { nested: [1, 2, { deep: "ü" }] },
      'weird key "with" quotes': true,
    });
    const { records: got } = await readAllWays("odd.json", utf8(recordsWrapper([odd])));
    expect(got[0]?.record).toEqual(odd);
  });

  it("keeps the right index when items are spread over several Records arrays", async () => {
    const text = JSON.stringify({ Records: records.slice(0, 2), x: 1 }).replace(
      /}$/,
      `,"Records":${JSON.stringify(records.slice(2))}}`,
    );
    const streamed = await read("dup.json", tinyChunks(utf8(text)), { wholeFileThreshold: 1 });
    expect(streamed.records).toEqual(expected);
  });

  it("delivers records in batches of batchSize", async () => {
    const many = makeRecords(25);
    const { batches, records: got } = await read(
      "batches.json",
      oneChunk(utf8(recordsWrapper(many))),
      { batchSize: 10 },
    );
    expect(batches).toBe(3);
    expect(got.map((r) => r.index)).toEqual(many.map((_, i) => i));
  });
});
