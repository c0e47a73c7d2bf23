/**
 * The end-to-end server for Athena: s3rver seeded with the S3 fixture trail
 * (its corrupt object left out: Athena, like the stand-in, fails a query over
 * one), a local Athena endpoint running the SQL over that bucket, and the
 * production build with TRAILGLASS_ATHENA. The fixture's day is "too large" to
 * load (TRAILGLASS_CONFIRM_FILES) and every search asks for the go-ahead, so the
 * page walks the whole flow. Started by Playwright.
 * Env: E2E_ATHENA_S3_PORT, E2E_ATHENA_PORT.
 */
import { CreateBucketCommand } from "@aws-sdk/client-s3";
import { startAthenaServer } from "../../test/support/athena-server";
import { s3ClientFor, seedBucket, startS3Server } from "../../test/support/s3-server";
import { BUCKET, CORRUPT_KEY, PREFIX, trailObjects } from "../bucket/trail-fixture";
import { runServe, serveNext } from "../support/serve-next";

runServe(async () => {
  const s3 = await startS3Server({ port: Number(process.env.E2E_ATHENA_S3_PORT ?? 4582) });
  const client = s3ClientFor(s3.endpoint);
  await seedBucket(
    client,
    BUCKET,
    trailObjects().filter((o) => !o.key.endsWith(CORRUPT_KEY)),
  );
  await client.send(new CreateBucketCommand({ Bucket: "athena-results" }));
  // Each query runs at least 2 s: long enough to watch it and cancel it.
  const athena = await startAthenaServer({
    s3: client,
    bucket: BUCKET,
    prefix: PREFIX,
    holdMs: 2000,
  });
  serveNext({
    name: "athena",
    port: Number(process.env.E2E_ATHENA_PORT ?? 3112),
    env: {
      TRAILGLASS_S3: `s3://${BUCKET}/${PREFIX}`,
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      TRAILGLASS_ATHENA: "table=default.cloudtrail_logs;output=s3://athena-results/e2e/",
      AWS_ENDPOINT_URL_ATHENA: athena.endpoint,
      // The day's 4 files are too many to load whole; the 3 or fewer a search names are not.
      TRAILGLASS_CONFIRM_FILES: "3",
      TRAILGLASS_ATHENA_CONFIRM_GB: "0.000000001",
      AWS_ACCESS_KEY_ID: "S3RVER",
      AWS_SECRET_ACCESS_KEY: "S3RVER",
      AWS_REGION: "us-east-1",
    },
    stopService: async () => {
      await Promise.all([s3.stop(), athena.stop()]);
    },
  });
});
