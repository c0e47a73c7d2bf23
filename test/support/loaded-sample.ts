import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseConfig } from "@/lib/config";
import { ExportSlots } from "@/lib/export/export-slots";
import { LoadManager } from "@/lib/load/load-manager";
import type { TimeRange } from "@/lib/query/event-query";
import { generateSampleTrail, type SampleManifest } from "@/lib/sample";
import { LocalFolderSource } from "@/lib/sources/local/local-folder-source";
import { openStore, type Store } from "@/lib/store/database";
import { EventWriter } from "@/lib/store/event-writer";
import type { Trailglass } from "@/lib/trailglass";
import { distinctRecords, trailRecords } from "./sample-records";

/** The sample trail generated in a temporary folder and loaded whole into a real store. */
export interface LoadedSample {
  manifest: SampleManifest;
  store: Store;
  /** Each distinct event once, read from the trail's files (not through the product's reader). */
  events: Record<string, unknown>[];
  /** The application the route handlers use, over this store (no Athena). */
  app: () => Trailglass;
  close: () => Promise<void>;
}

/** Generates the sample trail under a folder named after `name` and loads it. */
export async function loadSample(name: string): Promise<LoadedSample> {
  const root = await mkdtemp(path.join(os.tmpdir(), `trailglass-${name}-`));
  const trailDir = path.join(root, "trail");
  const manifest = await generateSampleTrail({ outDir: trailDir });
  const events = distinctRecords(await trailRecords(trailDir));
  const store = await openStore(path.join(root, "data"));
  const loads = new LoadManager(store, new EventWriter(store), [new LocalFolderSource(trailDir)]);
  const wholeRange = (): TimeRange => ({ from: manifest.span.from, to: manifest.span.to });
  await loads.ensureRange(wholeRange()).wait();
  return {
    manifest,
    store,
    events,
    app: () => ({
      config: parseConfig({ TRAILGLASS_DATA: path.join(root, "data"), TRAILGLASS_SAMPLE: "off" }),
      store,
      loads,
      exports: new ExportSlots(2, 8),
      athena: null,
      sample: manifest,
      defaultRange: wholeRange,
    }),
    close: async () => {
      store.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}
