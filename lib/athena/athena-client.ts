import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from "@aws-sdk/client-athena";
import { describeAwsError } from "../sources/aws-errors";
import type { AthenaSettings } from "./athena-settings";

/**
 * Athena's query API as trailglass uses it: start a query, watch it, read its
 * rows page by page, stop it. Credentials come from the SDK's default provider
 * chain, the endpoint from the SDK's standard `AWS_ENDPOINT_URL_ATHENA`
 * override; the SDK retries throttling and server errors. Failures become
 * AthenaFailure, worded for the person who can fix them.
 */

export function createAthenaClient(settings: AthenaSettings): AthenaClient {
  return new AthenaClient({
    ...(settings.region ? { region: settings.region } : {}),
    retryMode: "standard",
    maxAttempts: 5,
  });
}

export type AthenaQueryState = "QUEUED" | "RUNNING" | "SUCCEEDED" | "FAILED" | "CANCELLED";

export interface AthenaExecution {
  state: AthenaQueryState;
  /** Athena's reason when it failed or was cancelled. */
  reason: string | null;
  bytesScanned: number;
  elapsedMs: number;
}

/** A failure of an Athena search, said so its reader knows what to change. */
export class AthenaFailure extends Error {}

const POLICY = "see docs/athena.md for the IAM policy";

/** Athena's reason (or the API's error) -> what failed, plainly. */
export function describeAthenaFailure(reason: string, settings: AthenaSettings): string {
  const table = `${settings.database}.${settings.table}`;
  // Athena's own error names first: a missing column's message also says "not authorized".
  if (/TABLE_NOT_FOUND|SCHEMA_NOT_FOUND|Table '[^']*' does not exist/i.test(reason)) {
    return `the table ${table} does not exist in Athena (${reason}); create it with the DDL \`npm run athena:ddl\` prints`;
  }
  if (/COLUMN_NOT_FOUND|cannot be resolved/i.test(reason)) {
    return `the table ${table} lacks a column trailglass asks for (${reason}); create it with \`npm run athena:ddl\`, or set TRAILGLASS_ATHENA partitions= to the table's partition columns`;
  }
  if (/AccessDenied|not authorized/i.test(reason) && !/output|result/i.test(reason)) {
    return `no permission: Athena refused the query (${reason}); ${POLICY}`;
  }
  if (/output bucket|output location|results? location|writing (the )?results?/i.test(reason)) {
    return `Athena cannot write its results (${reason}); set output= in TRAILGLASS_ATHENA or a result location on the workgroup, and allow s3:PutObject there`;
  }
  return `the Athena query failed: ${reason}`;
}

export class AthenaQueries {
  constructor(
    private readonly client: AthenaClient,
    private readonly settings: AthenaSettings,
  ) {}

  private fail(error: unknown): never {
    throw new AthenaFailure(describeAthenaFailure(describeAwsError(error), this.settings));
  }

  /** Starts `sql`; its execution id. */
  async start(sql: string): Promise<string> {
    const s = this.settings;
    try {
      const answer = await this.client.send(
        new StartQueryExecutionCommand({
          QueryString: sql,
          WorkGroup: s.workgroup,
          QueryExecutionContext: { Database: s.database },
          ...(s.outputLocation
            ? { ResultConfiguration: { OutputLocation: s.outputLocation } }
            : {}),
        }),
      );
      if (!answer.QueryExecutionId) throw new Error("Athena returned no query execution id");
      return answer.QueryExecutionId;
    } catch (error) {
      this.fail(error);
    }
  }

  async execution(id: string): Promise<AthenaExecution> {
    try {
      const { QueryExecution: q } = await this.client.send(
        new GetQueryExecutionCommand({ QueryExecutionId: id }),
      );
      const state = (q?.Status?.State ?? "QUEUED") as AthenaQueryState;
      return {
        state,
        reason: q?.Status?.StateChangeReason ?? null,
        bytesScanned: q?.Statistics?.DataScannedInBytes ?? 0,
        elapsedMs: q?.Statistics?.TotalExecutionTimeInMillis ?? 0,
      };
    } catch (error) {
      this.fail(error);
    }
  }

  /** The result's rows (the header row left out), a page of up to 1,000 at a time. */
  async *rows(id: string): AsyncGenerator<(string | null)[][]> {
    let token: string | undefined;
    let first = true;
    do {
      let page;
      try {
        page = await this.client.send(
          new GetQueryResultsCommand({ QueryExecutionId: id, NextToken: token, MaxResults: 1000 }),
        );
      } catch (error) {
        this.fail(error);
      }
      const rows = (page.ResultSet?.Rows ?? []).map((r) =>
        (r.Data ?? []).map((d) => d.VarCharValue ?? null),
      );
      yield first ? rows.slice(1) : rows;
      first = false;
      token = page.NextToken;
    } while (token);
  }

  async stop(id: string): Promise<void> {
    try {
      await this.client.send(new StopQueryExecutionCommand({ QueryExecutionId: id }));
    } catch (error) {
      this.fail(error);
    }
  }
}
