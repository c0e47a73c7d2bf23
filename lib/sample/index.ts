/**
 * A deterministic, realistic sample organization trail (about 20,000 events
 * over five days in three accounts and three Regions) for demos and tests.
 */
export { ensureSampleTrail, ensureSampleTrailStatus, type EnsureResult } from "./ensure";
export { SAMPLE_DIGEST_KEYS_FILE } from "./digest-keys-file";
export { MANIFEST_FILE, buildSampleTrail, generateSampleTrail } from "./generate";
export { sampleManifestSchema, type SampleManifest } from "./manifest";
