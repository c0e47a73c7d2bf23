/**
 * The end-to-end server for the S3 source: s3rver seeded with the fixture
 * trail, and the production build of trailglass reading it through the AWS
 * SDK (endpoint override, static test credentials). Started by Playwright.
 * Env: E2E_S3_PORT, E2E_BUCKET_PORT.
 */
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { s3ClientFor, seedBucket, startS3Server } from "../../test/support/s3-server";
import { BUCKET, PREFIX, trailObjects } from "./trail-fixture";

const ROOT = path.resolve(__dirname, "../..");
const DATA_DIR = path.join(ROOT, ".trailglass-e2e-bucket");

async function main() {
  rmSync(DATA_DIR, { recursive: true, force: true });
  const s3 = await startS3Server({ port: Number(process.env.E2E_S3_PORT ?? 4581) });
  await seedBucket(s3ClientFor(s3.endpoint), BUCKET, trailObjects());
  const next = spawn(
    "npx",
    ["next", "start", "-H", "127.0.0.1", "-p", String(process.env.E2E_BUCKET_PORT ?? 3108)],
    {
      cwd: ROOT,
      stdio: "inherit",
      env: {
        ...process.env,
        TRAILGLASS_DATA: DATA_DIR,
        TRAILGLASS_DIR: "",
        TRAILGLASS_LOOKUP_REGIONS: "",
        TRAILGLASS_S3: `s3://${BUCKET}/${PREFIX}`,
        AWS_ENDPOINT_URL_S3: s3.endpoint,
        AWS_ACCESS_KEY_ID: "S3RVER",
        AWS_SECRET_ACCESS_KEY: "S3RVER",
        AWS_REGION: "us-east-1",
      },
    },
  );
  const stop = async (code: number) => {
    next.kill("SIGTERM");
    await s3.stop();
    process.exit(code);
  };
  next.on("exit", (code) => void stop(code ?? 1));
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => void stop(0));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
