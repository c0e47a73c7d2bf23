import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CLOUDTRAIL_COLUMNS, PARTITION_COLUMNS } from "@/lib/athena/cloudtrail-table";

/**
 * A local Amazon Athena endpoint speaking the service's JSON protocol
 * (`X-Amz-Target: AmazonAthena.StartQueryExecution`, GetQueryExecution,
 * GetQueryResults with NextToken paging, StopQueryExecution) that really runs
 * the submitted SQL: the Trino text is parsed and turned into DuckDB's dialect
 * by sqlglot (Debian's python3-sqlglot, trino-to-duckdb.py), the partitions
 * its WHERE selects are found from the bucket's keys, only their trail files
 * are fetched from the S3 server, and the query runs in DuckDB over
 * `read_json` of those files, exposed with the CloudTrail table's columns
 * (lib/athena/cloudtrail-table.ts), the partition columns and `"$path"`.
 * Each query's files read and bytes scanned are kept for the tests; results
 * are written as CSV to the output location, as Athena does.
 */

type Json = Record<string, unknown>;

export interface AthenaServerOptions {
  s3: S3Client;
  /** The trail bucket and the prefix under which `AWSLogs/` lies. */
  bucket: string;
  prefix?: string;
  database?: string;
  table?: string;
  /** The workgroups and their output location (none: the request must give one). */
  workgroups?: Record<string, { outputLocation?: string }>;
  /** Actions answered with AccessDeniedException (e.g. "StartQueryExecution"). */
  denied?: string[];
  /** A query stays RUNNING at least this long (to watch it run and cancel it). */
  holdMs?: number;
  /** The table has no partition columns (as the console's "Create Athena table" makes it). */
  withoutPartitions?: boolean;
}

export interface AthenaQueryRecord {
  id: string;
  sql: string;
  state: "QUEUED" | "RUNNING" | "SUCCEEDED" | "FAILED" | "CANCELLED";
  reason?: string;
  /** The trail files the query read (keys), and their bytes. */
  filesRead: string[];
  bytesScanned: number;
  outputLocation: string;
  submittedAt: number;
  completedAt?: number;
  columns: string[];
  rows: (string | null)[][];
}

export interface AthenaTestServer {
  endpoint: string;
  queries: Map<string, AthenaQueryRecord>;
  /** Every call, by action. */
  calls: { action: string; body: Json }[];
  stop(): Promise<void>;
}

const TARGET_PREFIX = "AmazonAthena.";
const PAGE_MAX = 1000;
const TRANSPILER = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  "athena",
  "trino-to-duckdb.py",
);
/** `AWSLogs/[o-org/]account/CloudTrail/region/yyyy/MM/dd/file.json.gz` */
const TRAIL_KEY =
  /AWSLogs\/(?:o-[a-z0-9]+\/)?(\d{12})\/CloudTrail\/([a-z0-9-]+)\/(\d{4}\/\d{2}\/\d{2})\/[^/]+\.json\.gz$/;

interface TrailObject {
  key: string;
  size: number;
  etag: string;
  /** account, region, yyyy/MM/dd */
  partition: string[];
}

class AthenaError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

/** Trino -> DuckDB, or Athena's failure reason. */
function transpile(
  sql: string,
  database: string,
  table: string,
): Promise<{ duckdb: string; partitionWhere: string | null } | { error: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("/usr/bin/python3", [TRANSPILER], { stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`sqlglot failed (${code}): ${err}`));
      resolve(JSON.parse(out));
    });
    child.stdin.end(JSON.stringify({ sql, database, table, partitions: PARTITION_COLUMNS }));
  });
}

/** A Hive type -> the structure `json_transform` reads it with. */
function jsonStructure(type: string): unknown {
  const t = type.trim();
  if (t.startsWith("ARRAY<")) return [jsonStructure(t.slice(6, -1))];
  if (t.startsWith("STRUCT<")) {
    const fields: Record<string, unknown> = {};
    const body = t.slice(7, -1);
    let depth = 0;
    let start = 0;
    const parts: string[] = [];
    for (let i = 0; i < body.length; i++) {
      if (body[i] === "<") depth++;
      else if (body[i] === ">") depth--;
      else if (body[i] === "," && depth === 0) {
        parts.push(body.slice(start, i));
        start = i + 1;
      }
    }
    parts.push(body.slice(start));
    for (const part of parts) {
      const colon = part.indexOf(":");
      fields[part.slice(0, colon).trim()] = jsonStructure(part.slice(colon + 1));
    }
    return fields;
  }
  return "VARCHAR";
}

const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** The CloudTrail table's columns from a record `r` (JSON), as the JsonSerDe reads them. */
function columnExpressions(): string {
  return CLOUDTRAIL_COLUMNS.map((c) => {
    if (c.type === "STRING") return `r->>${quote(c.name)} AS "${c.name}"`;
    // Hive's JsonSerDe matches keys in any case: resources' `ARN` is the one the DDL spells otherwise.
    const value =
      c.name === "resources"
        ? `replace(CAST(r->'resources' AS VARCHAR), '"ARN":', '"arn":')`
        : `r->${quote(c.name)}`;
    return `json_transform(${value}, ${quote(JSON.stringify(jsonStructure(c.type)))}) AS "${c.name}"`;
  }).join(",\n  ");
}

export async function startAthenaServer(options: AthenaServerOptions): Promise<AthenaTestServer> {
  const database = options.database ?? "default";
  const table = options.table ?? "cloudtrail_logs";
  const prefix = options.prefix ? `${options.prefix.replace(/\/+$/, "")}/` : "";
  const workgroups = options.workgroups ?? { primary: {} };
  const queries = new Map<string, AthenaQueryRecord>();
  const calls: AthenaTestServer["calls"] = [];
  const workDir = await mkdtemp(path.join(os.tmpdir(), "athena-standin-"));
  const duck = await DuckDBInstance.create(":memory:");
  // Trino's JSON text of a value, as DuckDB writes it.
  await (await duck.connect()).run("CREATE MACRO json_format(j) AS CAST(j AS VARCHAR)");
  const columns = columnExpressions();

  async function listTrailFiles(): Promise<TrailObject[]> {
    const out: TrailObject[] = [];
    let token: string | undefined;
    do {
      const page = await options.s3.send(
        new ListObjectsV2Command({
          Bucket: options.bucket,
          Prefix: `${prefix}AWSLogs/`,
          ContinuationToken: token,
        }),
      );
      for (const o of page.Contents ?? []) {
        const m = TRAIL_KEY.exec(o.Key ?? "");
        if (m) {
          out.push({
            key: o.Key!,
            size: o.Size ?? 0,
            etag: o.ETag ?? "",
            partition: [m[1]!, m[2]!, m[3]!],
          });
        }
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return out;
  }

  /** The files of the partitions `where` selects (all without one). */
  async function selectFiles(
    connection: DuckDBConnection,
    where: string | null,
  ): Promise<TrailObject[]> {
    const all = await listTrailFiles();
    if (!where || all.length === 0) return all;
    const values = all.map((f, i) => `(${i}, ${f.partition.map(quote).join(", ")})`).join(",\n");
    const reader = await connection.runAndReadAll(
      `SELECT i FROM (VALUES ${values}) AS p(i, ${PARTITION_COLUMNS.map((c) => `"${c}"`).join(", ")}) WHERE ${where}`,
    );
    return reader.getRows().map(([i]) => all[Number(i)]!);
  }

  const s3Path = (key: string) => `s3://${options.bucket}/${key}`;
  /** The table's rows of every file read so far (by ETag): each file is fetched and parsed once. */
  const cachedEtags = new Map<string, string>();
  let filling: Promise<void> = Promise.resolve();
  let cacheMade = false;

  function cacheRows(connection: DuckDBConnection, files: TrailObject[]): Promise<void> {
    const fill = filling.then(async () => {
      const missing = files.filter((f) => cachedEtags.get(f.key) !== f.etag);
      if (missing.length === 0 && cacheMade) return;
      // Fetched 16 at a time, as Athena's readers do in parallel.
      const local: string[] = new Array<string>(missing.length);
      let next = 0;
      const fetchOne = async () => {
        while (next < missing.length) {
          const i = next++;
          const object = await options.s3.send(
            new GetObjectCommand({ Bucket: options.bucket, Key: missing[i]!.key }),
          );
          const file = path.join(workDir, `${cachedEtags.size}-${i}-${Date.now()}.json.gz`);
          await writeFile(file, await object.Body!.transformToByteArray());
          local[i] = file;
        }
      };
      await Promise.all(Array.from({ length: 16 }, fetchOne));
      const fileRows = missing
        .map(
          (f, i) =>
            `(${quote(local[i]!)}, ${quote(s3Path(f.key))}, ${f.partition.map(quote).join(", ")})`,
        )
        .join(",\n");
      const partitionNames = PARTITION_COLUMNS.map((c) => `"${c}"`).join(", ");
      const select =
        missing.length === 0
          ? null
          : `SELECT ${columns}, ${PARTITION_COLUMNS.map((c) => `f."${c}"`).join(", ")}, f.s3path AS "$path"
FROM (SELECT unnest(Records) AS r, filename FROM read_json([${local.map(quote).join(", ")}], columns = {Records: 'JSON[]'}, filename = true)) j
JOIN (SELECT * FROM (VALUES ${fileRows}) AS f(local, s3path, ${partitionNames})) f ON f.local = j.filename`;
      if (!cacheMade) {
        const empty = `SELECT ${columns}, ${PARTITION_COLUMNS.map((c) => `NULL::VARCHAR AS "${c}"`).join(", ")}, NULL::VARCHAR AS "$path" FROM (SELECT NULL::JSON AS r) WHERE false`;
        await connection.run(`CREATE TABLE trail_rows AS ${empty}`);
        cacheMade = true;
      }
      if (select) {
        const stale = missing
          .filter((f) => cachedEtags.has(f.key))
          .map((f) => quote(s3Path(f.key)));
        if (stale.length > 0)
          await connection.run(`DELETE FROM trail_rows WHERE "$path" IN (${stale.join(", ")})`);
        await connection.run(`INSERT INTO trail_rows ${select}`);
        for (const f of missing) cachedEtags.set(f.key, f.etag);
      }
    });
    filling = fill.catch(() => undefined);
    return fill;
  }

  async function run(
    record: AthenaQueryRecord,
    query: AthenaQueryRecord & { database: string },
  ): Promise<void> {
    const startedAt = Date.now();
    const connection = await duck.connect();
    try {
      const translated = await transpile(record.sql, query.database, table);
      if ("error" in translated) throw new AthenaError("FAILED", translated.error);
      if (record.state !== "QUEUED") return;
      record.state = "RUNNING";
      const files = await selectFiles(connection, translated.partitionWhere);
      await cacheRows(connection, files);
      for (const f of files) {
        record.filesRead.push(f.key);
        record.bytesScanned += f.size;
      }
      const paths = files.map((f) => `(${quote(s3Path(f.key))})`).join(", ");
      await connection.run(
        `CREATE OR REPLACE TEMP VIEW ct AS SELECT * ${
          options.withoutPartitions
            ? `EXCLUDE (${PARTITION_COLUMNS.map((c) => `"${c}"`).join(", ")})`
            : ""
        } FROM trail_rows WHERE ${
          files.length === 0 ? "false" : `"$path" IN (SELECT p FROM (VALUES ${paths}) AS s(p))`
        }`,
      );
      let reader;
      try {
        reader = await connection.runAndReadAll(translated.duckdb);
      } catch (error) {
        const message = (error as Error).message;
        const column = /Referenced column "([^"]+)" not found/.exec(message);
        if (column) {
          throw new AthenaError(
            "FAILED",
            `COLUMN_NOT_FOUND: line 1:8: Column '${column[1]}' cannot be resolved or requester is not authorized to access requested resources`,
          );
        }
        throw new AthenaError("FAILED", `GENERIC_USER_ERROR: ${message.split("\n")[0]}`);
      }
      record.columns = reader.columnNames();
      record.rows = reader
        .getRowsJS()
        .map((row) =>
          row.map((v) =>
            v === null || v === undefined
              ? null
              : typeof v === "object"
                ? JSON.stringify(v)
                : String(v),
          ),
        );
      await writeResults(record);
      const hold = (options.holdMs ?? 0) - (Date.now() - startedAt);
      if (hold > 0) await new Promise((r) => setTimeout(r, hold));
      if (record.state === "RUNNING") record.state = "SUCCEEDED";
    } catch (error) {
      if (record.state === "CANCELLED") return;
      record.state = "FAILED";
      record.reason =
        error instanceof AthenaError
          ? error.message
          : `INTERNAL_ERROR_QUERY_ENGINE: ${(error as Error).message}`;
    } finally {
      record.completedAt ??= Date.now();
      connection.closeSync();
    }
  }

  /** The results as CSV at the output location, as Athena writes them. */
  async function writeResults(record: AthenaQueryRecord): Promise<void> {
    const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(record.outputLocation);
    if (!match)
      throw new AthenaError(
        "FAILED",
        `Unable to verify/create output bucket ${record.outputLocation}`,
      );
    const [, bucket, keyPrefix] = match;
    const cell = (v: string | null) => (v === null ? "" : `"${v.replace(/"/g, '""')}"`);
    const csv = [record.columns, ...record.rows].map((r) => r.map(cell).join(",")).join("\n");
    try {
      await options.s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: `${keyPrefix ? `${keyPrefix.replace(/\/+$/, "")}/` : ""}${record.id}.csv`,
          Body: csv,
        }),
      );
    } catch {
      // Athena's own words for an output location it cannot write.
      throw new AthenaError("FAILED", `Unable to verify/create output bucket ${bucket}`);
    }
  }

  function queryExecution(record: AthenaQueryRecord): Json {
    return {
      QueryExecutionId: record.id,
      Query: record.sql,
      StatementType: "DML",
      ResultConfiguration: {
        OutputLocation: `${record.outputLocation.replace(/\/+$/, "")}/${record.id}.csv`,
      },
      Status: {
        State: record.state,
        ...(record.reason ? { StateChangeReason: record.reason } : {}),
        SubmissionDateTime: record.submittedAt / 1000,
        ...(record.completedAt ? { CompletionDateTime: record.completedAt / 1000 } : {}),
      },
      Statistics: {
        DataScannedInBytes: record.bytesScanned,
        TotalExecutionTimeInMillis: (record.completedAt ?? Date.now()) - record.submittedAt,
      },
    };
  }

  function handle(action: string, body: Json): Json {
    if (options.denied?.includes(action)) {
      throw new AthenaError(
        "AccessDeniedException",
        `User: arn:aws:iam::111122223333:user/trailglass is not authorized to perform: athena:${action} on resource: arn:aws:athena:us-east-1:111122223333:workgroup/${String(body.WorkGroup ?? "primary")}`,
      );
    }
    const find = () => {
      const record = queries.get(String(body.QueryExecutionId));
      if (!record)
        throw new AthenaError(
          "InvalidRequestException",
          `QueryExecution ${String(body.QueryExecutionId)} was not found`,
        );
      return record;
    };
    switch (action) {
      case "StartQueryExecution": {
        const group = workgroups[String(body.WorkGroup ?? "primary")];
        if (!group)
          throw new AthenaError(
            "InvalidRequestException",
            `WorkGroup ${String(body.WorkGroup)} is not found.`,
          );
        const output =
          (body.ResultConfiguration as Json | undefined)?.OutputLocation ?? group.outputLocation;
        if (typeof output !== "string") {
          throw new AthenaError(
            "InvalidRequestException",
            "No output location provided. An output location is required either through the Workgroup result configuration setting or as an API input.",
          );
        }
        const id = randomUUID();
        const record: AthenaQueryRecord = {
          id,
          sql: String(body.QueryString),
          state: "QUEUED",
          filesRead: [],
          bytesScanned: 0,
          outputLocation: output,
          submittedAt: Date.now(),
          columns: [],
          rows: [],
        };
        queries.set(id, record);
        const context = (body.QueryExecutionContext as Json | undefined) ?? {};
        void run(record, { ...record, database: String(context.Database ?? database) });
        return { QueryExecutionId: id };
      }
      case "GetQueryExecution":
        return { QueryExecution: queryExecution(find()) };
      case "StopQueryExecution": {
        const record = find();
        if (record.state === "QUEUED" || record.state === "RUNNING") {
          record.state = "CANCELLED";
          record.reason = "Query cancelled by user";
          record.completedAt = Date.now();
        }
        return {};
      }
      case "GetQueryResults": {
        const record = find();
        if (record.state !== "SUCCEEDED") {
          throw new AthenaError(
            "InvalidRequestException",
            `Query has not yet finished. Current state: ${record.state}`,
          );
        }
        const max = Math.min(Number(body.MaxResults ?? PAGE_MAX), PAGE_MAX);
        const start = body.NextToken
          ? Number(Buffer.from(String(body.NextToken), "base64url").toString())
          : 0;
        // The first page starts with the header row, as Athena's does for a SELECT.
        const all = [record.columns, ...record.rows];
        const page = all.slice(start, start + max);
        const next =
          start + max < all.length
            ? Buffer.from(String(start + max)).toString("base64url")
            : undefined;
        return {
          UpdateCount: 0,
          ResultSet: {
            Rows: page.map((row) => ({
              Data: row.map((v) => (v === null ? {} : { VarCharValue: v })),
            })),
            ResultSetMetadata: {
              ColumnInfo: record.columns.map((name) => ({
                Name: name,
                Label: name,
                Type: "varchar",
                CatalogName: "hive",
                Nullable: "UNKNOWN",
              })),
            },
          },
          ...(next ? { NextToken: next } : {}),
        };
      }
      default:
        throw new AthenaError("UnknownOperationException", `unsupported ${action}`);
    }
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const target = String(req.headers["x-amz-target"] ?? "");
      const action = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : target;
      const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString()) as Json) : {};
      calls.push({ action, body });
      let status = 200;
      let answer: Json;
      try {
        answer = handle(action, body);
      } catch (error) {
        status = 400;
        const e = error as AthenaError;
        answer = { __type: e.type ?? "InternalServerException", Message: e.message };
      }
      res.writeHead(status, {
        "content-type": "application/x-amz-json-1.1",
        "x-amzn-requestid": randomUUID(),
      });
      res.end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    queries,
    calls,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      duck.closeSync();
      await rm(workDir, { recursive: true, force: true });
    },
  };
}
