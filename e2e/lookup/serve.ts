/**
 * The end-to-end server for the merged view: a local CloudTrail endpoint
 * serving the sample trail's events of one account and Region, and the
 * production build reading both the sample trail and that endpoint.
 * Env: E2E_LOOKUP_PORT.
 */
import path from "node:path";
import { ensureSampleTrail } from "../../lib/sample";
import { startCloudTrailServer } from "../../test/support/cloudtrail-server";
import { ROOT, runServe, serveNext } from "../support/serve-next";
import { LOOKUP_ACCOUNT, LOOKUP_REGION } from "./lookup-fixture";
import { sampleRecordsOf } from "../../test/support/sample-records";

// A sample of its own: the other e2e server may be generating the default one.
const SAMPLE_DIR = path.join(ROOT, ".trailglass-e2e-lookup-sample");

runServe(async () => {
  await ensureSampleTrail(SAMPLE_DIR);
  const records = await sampleRecordsOf(SAMPLE_DIR, LOOKUP_ACCOUNT, LOOKUP_REGION);
  const cloudtrail = await startCloudTrailServer({ records: { [LOOKUP_REGION]: records } });
  serveNext({
    name: "lookup",
    port: Number(process.env.E2E_LOOKUP_PORT ?? 3109),
    env: {
      TRAILGLASS_SAMPLE: "on",
      TRAILGLASS_SAMPLE_DIR: SAMPLE_DIR,
      TRAILGLASS_LOOKUP_REGIONS: LOOKUP_REGION,
      AWS_ENDPOINT_URL_CLOUDTRAIL: cloudtrail.endpoint,
      AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
      AWS_SECRET_ACCESS_KEY: "e2e-secret",
    },
    stopService: () => cloudtrail.stop(),
  });
});
