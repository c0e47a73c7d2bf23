/**
 * A deterministic, realistic sample organization trail (about 20,000 events
 * over five days in three accounts and three Regions) for demos and tests.
 */
export { GENERATOR_VERSION } from "./config";
export {
  SAMPLE_TRAIL_DIR,
  ensureSampleTrail,
  ensureSampleTrailStatus,
  readSampleManifest,
  type EnsureResult,
} from "./ensure";
export { MANIFEST_FILE, buildSampleTrail, generateSampleTrail } from "./generate";
export { categoryOf, sampleManifestSchema, type SampleManifest } from "./manifest";
