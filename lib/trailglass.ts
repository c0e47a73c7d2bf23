import "server-only";
import path from "node:path";
import { AthenaQueries, createAthenaClient } from "./athena/athena-client";
import { AthenaSearches } from "./athena/athena-searches";
import { getConfig, readerOptionsOf, type TrailglassConfig } from "./config";
import type { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { DigestKeyring, readDigestKeysFile } from "./integrity/digest-keys";
import { ExportSlots } from "./export/export-slots";
import { DigestLoader } from "./integrity/digest-loader";
import { LoadManager } from "./load/load-manager";
import type { TimeRange } from "./query/event-query";
import { ensureSampleTrail, SAMPLE_DIGEST_KEYS_FILE, type SampleManifest } from "./sample";
import { LocalFolderSource } from "./sources/local/local-folder-source";
import { createCloudTrailClient } from "./sources/lookup/cloudtrail-client";
import { LookupEventsSource } from "./sources/lookup/lookup-events-source";
import { createS3Client } from "./sources/s3/s3-client";
import { S3TrailSource } from "./sources/s3/s3-trail-source";
import type { TrailFileSource } from "./sources/source-types";
import { getStore, type Store } from "./store/database";
import { EventWriter } from "./store/event-writer";

/**
 * The composition root: configuration -> sources, store, loader. Built once
 * per server process (kept on globalThis across Next dev reloads).
 */

export interface Trailglass {
  config: TrailglassConfig;
  store: Store;
  loads: LoadManager;
  /** Exports running, per user and in all (TRAILGLASS_MAX_EXPORTS[_PER_USER]). */
  exports: ExportSlots;
  /** Searches through Athena (TRAILGLASS_ATHENA), null when not configured. */
  athena: AthenaSearches | null;
  sample: SampleManifest | null;
  /** The range shown when the URL names none. */
  defaultRange(): TimeRange;
}

const DAY_MS = 86_400_000;

/**
 * Digests are checked with keys from the configured file (read once: a bad
 * file stops the server) and from CloudTrail; the bundled sample's with its
 * own published key only, which must never vouch for a real trail.
 */
async function digestLoader(config: TrailglassConfig, store: Store): Promise<DigestLoader> {
  const clients = new Map<string, CloudTrailClient>();
  const client = (region: string) => {
    let c = clients.get(region);
    if (!c) clients.set(region, (c = createCloudTrailClient(region)));
    return c;
  };
  const file = config.TRAILGLASS_DIGEST_KEYS;
  const trails = new DigestKeyring({
    client,
    ...(file ? { file: { name: file, keys: await readDigestKeysFile(file) } } : {}),
  });
  const sampleDir = config.TRAILGLASS_SAMPLE_DIR;
  const sampleKeys = path.join(sampleDir, SAMPLE_DIGEST_KEYS_FILE);
  const sample = config.useSample
    ? new DigestKeyring({ file: { name: sampleKeys, keys: await readDigestKeysFile(sampleKeys) } })
    : null;
  return new DigestLoader(store, (source) => (sample && source === sampleDir ? sample : trails));
}

async function createTrailglass(config: TrailglassConfig): Promise<Trailglass> {
  const sample = config.useSample ? await ensureSampleTrail(config.TRAILGLASS_SAMPLE_DIR) : null;
  const sources: TrailFileSource[] = [];
  if (sample) sources.push(new LocalFolderSource(config.TRAILGLASS_SAMPLE_DIR));
  for (const dir of config.TRAILGLASS_DIR) sources.push(new LocalFolderSource(dir));
  if (config.TRAILGLASS_S3.length > 0) {
    const client = createS3Client();
    for (const location of config.TRAILGLASS_S3) {
      sources.push(
        new S3TrailSource(client, location, {
          concurrency: config.TRAILGLASS_S3_CONCURRENCY,
          listDigests: config.TRAILGLASS_INTEGRITY === "on",
        }),
      );
    }
  }
  for (const region of config.TRAILGLASS_LOOKUP_REGIONS) {
    sources.push(new LookupEventsSource(createCloudTrailClient(region), region));
  }

  const store = await getStore(config.TRAILGLASS_DATA, {
    memoryLimit: config.TRAILGLASS_STORE_MEMORY,
    threads: config.TRAILGLASS_STORE_THREADS,
  });
  const writer = new EventWriter(store);
  const loads = new LoadManager(store, writer, sources, {
    readerOptions: readerOptionsOf(config),
    digests: config.TRAILGLASS_INTEGRITY === "on" ? await digestLoader(config, store) : undefined,
    confirmAboveFiles: config.TRAILGLASS_CONFIRM_FILES,
  });
  const athenaSettings = config.TRAILGLASS_ATHENA;
  const athenaSource = sources.find((s) => s.kind === "s3" && s.id === athenaSettings?.source);
  const athena =
    athenaSettings && athenaSource
      ? new AthenaSearches(
          store,
          new AthenaQueries(createAthenaClient(athenaSettings), athenaSettings),
          athenaSettings,
          athenaSource,
          { confirmAboveBytes: config.TRAILGLASS_ATHENA_CONFIRM_GB * 2 ** 30 },
        )
      : null;
  return {
    config,
    store,
    loads,
    exports: new ExportSlots(config.TRAILGLASS_MAX_EXPORTS_PER_USER, config.TRAILGLASS_MAX_EXPORTS),
    athena,
    sample,
    defaultRange: () => {
      if (sample) return { from: sample.span.from, to: sample.span.to };
      const now = Date.now();
      return { from: new Date(now - DAY_MS).toISOString(), to: new Date(now).toISOString() };
    },
  };
}

const holder = globalThis as { __trailglass?: Promise<Trailglass> };

export function getTrailglass(): Promise<Trailglass> {
  if (!holder.__trailglass) {
    const created = createTrailglass(getConfig());
    holder.__trailglass = created;
    created.catch(() => {
      if (holder.__trailglass === created) holder.__trailglass = undefined;
    });
  }
  return holder.__trailglass;
}
