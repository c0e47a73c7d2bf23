/**
 * The end-to-end server for the merged view: a local CloudTrail endpoint
 * serving the sample trail's events of one account and Region, and the
 * production build reading both the sample trail and that endpoint.
 * Env: E2E_LOOKUP_PORT.
 */
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { ensureSampleTrail } from "../../lib/sample";
import { startCloudTrailServer } from "../../test/support/cloudtrail-server";
import { LOOKUP_ACCOUNT, LOOKUP_REGION } from "./lookup-fixture";
import { sampleRecordsOf } from "./sample-records";

const ROOT = path.resolve(__dirname, "../..");
const DATA_DIR = path.join(ROOT, ".trailglass-e2e-lookup");
// A sample of its own: the other e2e server may be generating the default one.
const SAMPLE_DIR = path.join(ROOT, ".trailglass-e2e-lookup-sample");

async function main() {
  rmSync(DATA_DIR, { recursive: true, force: true });
  await ensureSampleTrail(SAMPLE_DIR);
  const records = await sampleRecordsOf(SAMPLE_DIR, LOOKUP_ACCOUNT, LOOKUP_REGION);
  const cloudtrail = await startCloudTrailServer({ records: { [LOOKUP_REGION]: records } });
  const next = spawn(
    "npx",
    ["next", "start", "-H", "127.0.0.1", "-p", String(process.env.E2E_LOOKUP_PORT ?? 3109)],
    {
      cwd: ROOT,
      stdio: "inherit",
      env: {
        ...process.env,
        TRAILGLASS_DATA: DATA_DIR,
        TRAILGLASS_SAMPLE: "on",
        TRAILGLASS_SAMPLE_DIR: SAMPLE_DIR,
        TRAILGLASS_DIR: "",
        TRAILGLASS_S3: "",
        TRAILGLASS_LOOKUP_REGIONS: LOOKUP_REGION,
        AWS_ENDPOINT_URL_CLOUDTRAIL: cloudtrail.endpoint,
        AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
        AWS_SECRET_ACCESS_KEY: "e2e-secret",
      },
    },
  );
  const stop = async (code: number) => {
    next.kill("SIGTERM");
    await cloudtrail.stop();
    process.exit(code);
  };
  next.on("exit", (code) => void stop(code ?? 1));
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => void stop(0));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
