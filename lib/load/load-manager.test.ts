import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ReaderOptions } from "@/lib/reader";
import type { TrailFileRef } from "@/lib/sources/source-types";
import { makeRecords } from "@/test/support/reader-helpers";
import { LocalFolderSource } from "@/lib/sources/local/local-folder-source";
import { openStore, type Store } from "@/lib/store/database";
import { type BatchLoad, EventWriter } from "@/lib/store/event-writer";
import { storeTotals } from "@/lib/store/loaded-files";
import { LoadManager } from "./load-manager";

/** The load manager against a real folder and store, when one file fails in a way no one foresaw. */

let dir = "";
let store: Store;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "trailglass-load-manager-"));
  store = await openStore(path.join(dir, "data"));
});

afterEach(async () => {
  store.close();
  await rm(dir, { recursive: true, force: true });
});

/** A writer that fails on one file, as a bug triggered by its content would. */
class FailingWriter extends EventWriter {
  override async read(refs: TrailFileRef[], options?: ReaderOptions): Promise<BatchLoad> {
    const failing = refs.map((r) => r.key.includes("b.json"));
    const batch = await super.read(
      refs.filter((_, i) => !failing[i]),
      options,
    );
    const read = batch.read.then((results) => {
      let next = 0;
      return refs.map((_, i) => (failing[i] ? new Error("unforeseen failure") : results[next++]!));
    });
    return { ...batch, read };
  }
}

describe("LoadManager", () => {
  it("names a file whose load throws and loads every other file", async () => {
    const trail = path.join(dir, "trail");
    await mkdir(trail, { recursive: true });
    const records = makeRecords(30);
    for (const [i, name] of ["a.json", "b.json", "c.json"].entries()) {
      await writeFile(
        path.join(trail, name),
        JSON.stringify({ Records: records.slice(i * 10, i * 10 + 10) }),
      );
    }
    const loads = new LoadManager(store, new FailingWriter(store), [new LocalFolderSource(trail)], {
      fileConcurrency: 1,
    });
    const status = loads.ensureRange({ from: "2024-01-01T00:00:00Z", to: "2024-01-01T23:59:59Z" });
    await status.wait();
    expect(status.problems).toEqual([
      expect.objectContaining({
        kind: "read-failed",
        file: "b.json",
        message: "loading this file stopped: unforeseen failure",
      }),
    ]);
    expect(await storeTotals(store)).toEqual({ events: 20, files: 2 });
  });
});
