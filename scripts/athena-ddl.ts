/**
 * `npm run athena:ddl`: prints the CREATE TABLE statement of the CloudTrail
 * table for the configured trail bucket (TRAILGLASS_S3, and TRAILGLASS_ATHENA
 * for the table's name and its `source=`), its accounts and Regions found in
 * the bucket. Run it in the Athena console or with `aws athena
 * start-query-execution`.
 */
import { cloudTrailDdl } from "../lib/athena/cloudtrail-ddl";
import { parseConfig } from "../lib/config";
import { createS3Client } from "../lib/sources/s3/s3-client";
import { S3TrailSource } from "../lib/sources/s3/s3-trail-source";

async function main(): Promise<void> {
  const config = parseConfig(process.env);
  const athena = config.TRAILGLASS_ATHENA;
  const location =
    config.TRAILGLASS_S3.find((l) => l.url === athena?.source) ?? config.TRAILGLASS_S3[0];
  if (!location) {
    throw new Error("set TRAILGLASS_S3 to the trail bucket (s3://bucket/optional/prefix)");
  }
  const source = new S3TrailSource(createS3Client(), location);
  const folders = await source.logFolders();
  process.stdout.write(
    cloudTrailDdl({
      database: athena?.database ?? "default",
      table: athena?.table ?? "cloudtrail_logs",
      bucket: location.bucket,
      folders,
    }),
  );
}

main().catch((error: unknown) => {
  console.error(`athena:ddl: ${(error as Error).message}`);
  process.exit(1);
});
