import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  type QueryExecution,
  StartQueryExecutionCommand,
} from "@aws-sdk/client-athena";
import { CreateBucketCommand, type S3Client } from "@aws-sdk/client-s3";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateSampleTrail } from "@/lib/sample";
import { startAthenaServer, type AthenaTestServer } from "./athena-server";
import { s3ClientFor, startS3Server, uploadFolder } from "./s3-server";

/** The harness itself: the local Athena stand-in runs Trino SQL over the bucket's trail files. */

let root = "";
let s3Server: Awaited<ReturnType<typeof startS3Server>>;
let s3: S3Client;
let athena: AthenaTestServer;
let client: AthenaClient;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "trailglass-athena-"));
  s3Server = await startS3Server({ directory: path.join(root, "s3") });
  s3 = s3ClientFor(s3Server.endpoint);
  await generateSampleTrail({ outDir: path.join(root, "sample") });
  await uploadFolder(s3, "trail", path.join(root, "sample"), "org/");
  await s3.send(new CreateBucketCommand({ Bucket: "results" }));
  athena = await startAthenaServer({
    s3,
    bucket: "trail",
    prefix: "org",
    workgroups: { primary: { outputLocation: "s3://results/q/" } },
  });
  client = new AthenaClient({
    endpoint: athena.endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "a", secretAccessKey: "b" },
  });
}, 180_000);

afterAll(async () => {
  client?.destroy();
  await athena?.stop();
  await s3Server?.stop();
  await rm(root, { recursive: true, force: true });
});

async function runQuery(sql: string): Promise<{ execution: QueryExecution; rows: string[][] }> {
  const { QueryExecutionId } = await client.send(
    new StartQueryExecutionCommand({ QueryString: sql, WorkGroup: "primary" }),
  );
  for (;;) {
    const { QueryExecution: execution } = await client.send(
      new GetQueryExecutionCommand({ QueryExecutionId }),
    );
    const state = execution!.Status!.State!;
    if (state === "SUCCEEDED") {
      const rows: string[][] = [];
      let token: string | undefined;
      do {
        const page = await client.send(
          new GetQueryResultsCommand({ QueryExecutionId, NextToken: token, MaxResults: 2 }),
        );
        rows.push(...page.ResultSet!.Rows!.map((r) => r.Data!.map((d) => d.VarCharValue ?? "")));
        token = page.NextToken;
      } while (token);
      return { execution: execution!, rows };
    }
    if (state === "FAILED" || state === "CANCELLED") return { execution: execution!, rows: [] };
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("startAthenaServer", () => {
  it("runs a query over one day's partition, reading only that day's files", async () => {
    const { execution, rows } = await runQuery(
      `SELECT "$path" AS path, count(*) AS events FROM "default"."cloudtrail_logs" WHERE "timestamp" = '2026/11/03' AND useridentity.type = 'AssumedRole' GROUP BY 1 ORDER BY 1`,
    );
    expect(execution.Status?.State).toBe("SUCCEEDED");
    expect(rows[0]).toEqual(["path", "events"]);
    expect(rows.length).toBeGreaterThan(3);
    for (const [p] of rows.slice(1))
      expect(p).toMatch(/^s3:\/\/trail\/org\/AWSLogs\/.*\/2026\/11\/03\//);
    const record = athena.queries.get(execution.QueryExecutionId!)!;
    expect(record.filesRead.length).toBeGreaterThan(0);
    expect(record.filesRead.every((k) => k.includes("/2026/11/03/"))).toBe(true);
    expect(execution.Statistics?.DataScannedInBytes).toBe(record.bytesScanned);
  });

  it("names a missing table and an unknown column as Athena does", async () => {
    const missing = await runQuery(`SELECT 1 FROM other_table`);
    expect(missing.execution.Status?.State).toBe("FAILED");
    expect(missing.execution.Status?.StateChangeReason).toMatch(/^TABLE_NOT_FOUND: .*other_table/);
    const column = await runQuery(
      `SELECT nope FROM cloudtrail_logs WHERE "timestamp" = '2026/11/03'`,
    );
    expect(column.execution.Status?.StateChangeReason).toMatch(/^COLUMN_NOT_FOUND: .*'nope'/);
  });
});
