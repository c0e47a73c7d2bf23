import { PARTITION_COLUMNS, type PartitionColumn } from "./cloudtrail-table";
import { trinoIdentifier } from "./trino-literal";

/**
 * TRAILGLASS_ATHENA, parsed: `key=value` pairs separated by `;`
 *
 *   workgroup=primary;table=default.cloudtrail_logs;output=s3://results/trailglass/
 *
 * - `table` (required): `database.table`, the CloudTrail table over the trail bucket.
 * - `workgroup`: default `primary`.
 * - `output`: where Athena writes results, when the workgroup sets none.
 * - `partitions`: the table's partition columns among account, region, timestamp
 *   (default all three, as `npm run athena:ddl` makes it; `none` for a table without).
 * - `source`: the configured S3 trail location the table reads (default: the only one).
 * - `region`: Athena's Region (default: the SDK's, AWS_REGION).
 */

export interface AthenaSettings {
  workgroup: string;
  database: string;
  table: string;
  outputLocation: string | null;
  partitions: PartitionColumn[];
  source: string | null;
  region: string | null;
}

const KEYS = ["workgroup", "table", "output", "partitions", "source", "region"] as const;

export function parseAthenaSettings(value: string): AthenaSettings {
  const pairs = new Map<string, string>();
  for (const part of value
    .split(";")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const at = part.indexOf("=");
    const key = at > 0 ? part.slice(0, at).trim().toLowerCase() : "";
    if (!(KEYS as readonly string[]).includes(key)) {
      throw new Error(`"${part}" is not one of ${KEYS.map((k) => `${k}=`).join(", ")}`);
    }
    pairs.set(key, part.slice(at + 1).trim());
  }
  const table = pairs.get("table");
  const [database, name, extra] = (table ?? "").split(".");
  if (!database || !name || extra !== undefined) {
    throw new Error(`table= must name database.table, like table=default.cloudtrail_logs`);
  }
  trinoIdentifier(database);
  trinoIdentifier(name);
  const workgroup = pairs.get("workgroup") || "primary";
  if (!/^[A-Za-z0-9._-]{1,128}$/.test(workgroup))
    throw new Error(`"${workgroup}" is not a workgroup name`);
  const output = pairs.get("output") || null;
  if (output !== null && !/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/.test(output)) {
    throw new Error(
      `output= must be an S3 URL like s3://my-athena-results/trailglass/, got "${output}"`,
    );
  }
  const partitionText = pairs.get("partitions") ?? PARTITION_COLUMNS.join(",");
  const partitions =
    partitionText.toLowerCase() === "none"
      ? []
      : partitionText.split(",").map((p) => p.trim().toLowerCase());
  for (const p of partitions) {
    if (!(PARTITION_COLUMNS as readonly string[]).includes(p)) {
      throw new Error(`partitions= takes ${PARTITION_COLUMNS.join(", ")} or none, got "${p}"`);
    }
  }
  const region = pairs.get("region") || null;
  if (region !== null && !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region))
    throw new Error(`"${region}" is not an AWS Region name`);
  return {
    workgroup,
    database: database.toLowerCase(),
    table: name.toLowerCase(),
    outputLocation: output,
    partitions: partitions as PartitionColumn[],
    source: pairs.get("source") || null,
    region,
  };
}
