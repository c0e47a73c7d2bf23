import { CLOUDTRAIL_COLUMNS } from "./cloudtrail-table";

/**
 * The CREATE TABLE statement of the CloudTrail table trailglass searches
 * (`npm run athena:ddl`), as AWS documents it for trail buckets: JsonSerDe
 * over CloudTrail's input format, partitions `account`, `region` and
 * `timestamp` found by projection from the key layout (no crawler, no
 * MSCK REPAIR), over the log folders the bucket holds.
 */

export interface TrailFolders {
  database: string;
  table: string;
  /** The log folders, `bucket`-relative: `prefix/AWSLogs/[o-org/]account/CloudTrail/region/`. */
  folders: string[];
  bucket: string;
}

const FOLDER = /^(.*AWSLogs\/(?:o-[a-z0-9]+\/)?)(\d{12})\/CloudTrail\/([a-z0-9-]+)\/$/;

export function cloudTrailDdl({ database, table, folders, bucket }: TrailFolders): string {
  const parsed = folders.flatMap((f) => {
    const m = FOLDER.exec(f);
    return m ? [{ base: m[1]!, account: m[2]!, region: m[3]! }] : [];
  });
  if (parsed.length === 0) throw new Error(`no CloudTrail log folders found in s3://${bucket}`);
  const bases = [...new Set(parsed.map((p) => p.base))];
  if (bases.length > 1) {
    throw new Error(
      `the log folders lie under several AWSLogs folders (${bases.join(", ")}): make one table per folder`,
    );
  }
  const base = `s3://${bucket}/${bases[0]}`;
  const accounts = [...new Set(parsed.map((p) => p.account))].sort();
  const regions = [...new Set(parsed.map((p) => p.region))].sort();
  const columns = CLOUDTRAIL_COLUMNS.map((c) => `  \`${c.name}\` ${c.type}`).join(",\n");
  return `CREATE EXTERNAL TABLE \`${database}\`.\`${table}\` (
${columns}
)
COMMENT 'CloudTrail logs of ${base} (made by trailglass: npm run athena:ddl)'
PARTITIONED BY (\`account\` STRING, \`region\` STRING, \`timestamp\` STRING)
ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'
STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION '${base}'
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.account.type' = 'enum',
  'projection.account.values' = '${accounts.join(",")}',
  'projection.region.type' = 'enum',
  'projection.region.values' = '${regions.join(",")}',
  'projection.timestamp.type' = 'date',
  'projection.timestamp.format' = 'yyyy/MM/dd',
  'projection.timestamp.interval' = '1',
  'projection.timestamp.interval.unit' = 'DAYS',
  'projection.timestamp.range' = '2013/11/01,NOW',
  'storage.location.template' = '${base}\${account}/CloudTrail/\${region}/\${timestamp}'
);
`;
}
