import { statSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import type { Store } from "@/lib/store/database";
import { EventWriter, type WriterOptions } from "@/lib/store/event-writer";
import type { TrailFileRef } from "@/lib/sources/source-types";

/**
 * Puts records into a store the way a load does: written as trail files
 * (`{"Records":[...]}`, gzip), read by the writer and its load workers. For
 * tests that need a store of known events.
 */
export async function storeRecordFiles(
  store: Store,
  files: { key: string; records: unknown[] }[],
  options: WriterOptions = {},
): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "trailglass-record-files-"));
  const writer = new EventWriter(store, options);
  try {
    const refs: TrailFileRef[] = [];
    for (const { key, records } of files) {
      const full = path.join(dir, key);
      await mkdir(path.dirname(full), { recursive: true });
      await writeFile(full, gzipSync(JSON.stringify({ Records: records })));
      const info = statSync(full);
      refs.push({
        kind: "local",
        source: "/t",
        key,
        version: `${info.size}-${info.mtimeMs}`,
        size: info.size,
        path: full,
        open: () => {
          throw new Error("read by path");
        },
      });
    }
    const batch = await writer.read(refs);
    for (const result of await batch.read) if (result instanceof Error) throw result;
    await writer.flush();
    await batch.committed;
  } finally {
    await writer.close();
    await rm(dir, { recursive: true, force: true });
  }
}
