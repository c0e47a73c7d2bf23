import { describe, expect, it } from "vitest";
import { isDigestKey } from "./digest";
import {
  gz,
  makeRecords,
  oneChunk,
  read,
  readAllWays,
  recordsWrapper,
  utf8,
} from "@/test/support/reader-helpers";

const digest = {
  awsAccountId: "111122223333",
  digestStartTime: "2024-01-01T00:00:00Z",
  digestEndTime: "2024-01-01T01:00:00Z",
  digestS3Bucket: "trail-bucket",
  digestS3Object:
    "AWSLogs\/111122223333\/CloudTrail-Digest\/us-east-1\/2024\/01\/01\/111122223333_CloudTrail-Digest_us-east-1_trail_us-east-1_20240101T010000Z.json.gz",
  newestEventTime: "2024-01-01T00:58:00Z",
  oldestEventTime: "2024-01-01T00:01:00Z",
  previousDigestS3Bucket: null,
  logFiles: [
    {
      s3Bucket: "trail-bucket",
      s3Object: "AWSLogs/111122223333/CloudTrail/us-east-1/2024/01/01/x.json.gz",
      hashValue: "ab".repeat(32),
      hashAlgorithm: "SHA-256",
      newestEventTime: "2024-01-01T00:58:00Z",
      oldestEventTime: "2024-01-01T00:01:00Z",
    },
  ],
};

describe("isDigestKey", () => {
  it("recognizes digest folders and file names", () => {
    expect(
      isDigestKey(
        "AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2024/01/01/111122223333_CloudTrail-Digest_us-east-1_t_us-east-1_20240101T010000Z.json.gz",
      ),
    ).toBe(true);
    expect(
      isDigestKey("o-abc/AWSLogs/o-abc/111122223333/CloudTrail-Digest/eu-west-1/x.json.gz"),
    ).toBe(true);
    expect(isDigestKey("CloudTrail-Digest/x.json")).toBe(true);
    expect(
      isDigestKey(
        "C:\\logs\\111122223333_CloudTrail-Digest_us-east-1_t_us-east-1_20240101T010000Z.json",
      ),
    ).toBe(true);
    expect(
      isDigestKey(
        "AWSLogs/111122223333/CloudTrail/us-east-1/2024/01/01/111122223333_CloudTrail_us-east-1_20240101T0000Z_abc.json.gz",
      ),
    ).toBe(false);
    expect(isDigestKey("AWSLogs/111122223333/CloudTrail-Insight/us-east-1/x.json.gz")).toBe(false);
    expect(isDigestKey("my-CloudTrail-Digest-notes/readme.json")).toBe(false);
  });
});

describe("readTrailFile: digests", () => {
  it("recognizes a digest by its content and reads no events from it", async () => {
    const { summary, records } = await readAllWays("some/file.json", utf8(JSON.stringify(digest)));
    expect(summary.format).toBe("digest");
    expect(records).toEqual([]);
    expect(summary.problems).toEqual([]);
  });

  it("recognizes a digest by its key without parsing it as events", async () => {
    // Content that would be read as records if it were parsed.
    const content = gz(recordsWrapper(makeRecords(3)));
    const key =
      "AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2024/01/01/111122223333_CloudTrail-Digest_us-east-1_t_us-east-1_20240101T010000Z.json.gz";
    const { summary, records, batches } = await read(key, oneChunk(content));
    expect(summary.format).toBe("digest");
    expect(summary.compressed).toBe(true);
    expect(records).toEqual([]);
    expect(batches).toBe(0);
    expect(summary.problems).toEqual([]);
  });

  it("reports a digest found among records instead of passing it on", async () => {
    const records = makeRecords(2);
    const { summary, records: got } = await readAllWays(
      "mixed.json",
      utf8(JSON.stringify([records[0], digest, records[1]])),
    );
    expect(got.map((r) => r.index)).toEqual([0, 2]);
    expect(summary.problems.map((p) => [p.kind, p.recordIndex])).toEqual([["invalid-record", 1]]);
  });
});
