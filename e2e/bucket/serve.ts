/**
 * The end-to-end server for the S3 source: s3rver seeded with the fixture
 * trail, a local CloudTrail endpoint with the fixture's Event history, and the
 * production build of trailglass reading both through the AWS SDK (endpoint
 * overrides, static test credentials). Started by Playwright.
 * Env: E2E_S3_PORT, E2E_BUCKET_PORT.
 */
import { startCloudTrailServer } from "../../test/support/cloudtrail-server";
import { s3ClientFor, seedBucket, startS3Server } from "../../test/support/s3-server";
import { runServe, serveNext } from "../support/serve-next";
import { BUCKET, LOOKUP_REGION, lookupRecords, PREFIX, trailObjects } from "./trail-fixture";

runServe(async () => {
  const s3 = await startS3Server({ port: Number(process.env.E2E_S3_PORT ?? 4581) });
  await seedBucket(s3ClientFor(s3.endpoint), BUCKET, trailObjects());
  const cloudtrail = await startCloudTrailServer({
    records: { [LOOKUP_REGION]: lookupRecords(Date.now()) as Record<string, unknown>[] },
  });
  serveNext({
    name: "bucket",
    port: Number(process.env.E2E_BUCKET_PORT ?? 3108),
    env: {
      TRAILGLASS_S3: `s3://${BUCKET}/${PREFIX}`,
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      TRAILGLASS_LOOKUP_REGIONS: LOOKUP_REGION,
      AWS_ENDPOINT_URL_CLOUDTRAIL: cloudtrail.endpoint,
      AWS_ACCESS_KEY_ID: "S3RVER",
      AWS_SECRET_ACCESS_KEY: "S3RVER",
      AWS_REGION: "us-east-1",
    },
    stopService: async () => {
      await Promise.all([s3.stop(), cloudtrail.stop()]);
    },
  });
});
