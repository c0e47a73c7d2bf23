import { mkdir, mkdtemp, readFile, readdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { GENERATOR_VERSION } from "./config";
import { MANIFEST_FILE, generateSampleTrail } from "./generate";
import { sampleManifestSchema, type SampleManifest } from "./manifest";

/** The default place of the sample trail. */
const SAMPLE_TRAIL_DIR = path.join(process.cwd(), "sample-trail");

/** The manifest in `dir`, or null when missing or unreadable. */
async function readSampleManifest(dir: string): Promise<SampleManifest | null> {
  try {
    const parsed = sampleManifestSchema.safeParse(
      JSON.parse(await readFile(path.join(dir, MANIFEST_FILE), "utf8")),
    );
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}

/** Only a folder we wrote (it has a manifest.json) or an empty one may be replaced. */
async function replaceable(dir: string): Promise<boolean> {
  if (await exists(path.join(dir, MANIFEST_FILE))) return true;
  try {
    return (await readdir(dir)).length === 0;
  } catch {
    return true;
  }
}

export interface EnsureResult {
  manifest: SampleManifest;
  /** False when an up-to-date trail was already there. */
  generated: boolean;
}

/**
 * Makes sure `outDir` holds the current sample trail. The trail is generated
 * in a temporary folder next to `outDir` and renamed into place, so readers
 * never see a half-written trail and concurrent callers do not collide (the
 * output is deterministic: whoever renames first wins, the others keep theirs).
 */
export async function ensureSampleTrailStatus(
  outDir: string,
  options: { force?: boolean } = {},
): Promise<EnsureResult> {
  const target = path.resolve(outDir);
  if (!options.force) {
    const current = await readSampleManifest(target);
    if (current?.generatorVersion === GENERATOR_VERSION)
      return { manifest: current, generated: false };
  }
  if ((await exists(target)) && !(await replaceable(target))) {
    throw new Error(
      `${target} exists and is not a sample trail (no ${MANIFEST_FILE}); refusing to replace it`,
    );
  }
  const parent = path.dirname(target);
  const base = path.basename(target);
  await mkdir(parent, { recursive: true });
  const tmp = await mkdtemp(path.join(parent, `.${base}.tmp-`));
  try {
    const manifest = await generateSampleTrail({ outDir: tmp });
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await rename(tmp, target);
        return { manifest, generated: true };
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== "ENOTEMPTY" && code !== "EEXIST" && code !== "EPERM") throw error;
      }
      // Someone else's trail is in place.
      const current = await readSampleManifest(target);
      if (current?.generatorVersion === GENERATOR_VERSION && (!options.force || attempt > 0)) {
        return { manifest: current, generated: false };
      }
      if (!(await replaceable(target)))
        throw new Error(`${target} is not a sample trail; refusing to replace it`);
      const aside = `${tmp}.old-${attempt}`;
      try {
        await rename(target, aside);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      }
      await rm(aside, { recursive: true, force: true });
    }
    throw new Error(`could not move the sample trail into ${target}`);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** Generates the sample trail into `outDir` unless the current version is already there. */
export async function ensureSampleTrail(
  outDir: string = SAMPLE_TRAIL_DIR,
): Promise<SampleManifest> {
  return (await ensureSampleTrailStatus(outDir)).manifest;
}
