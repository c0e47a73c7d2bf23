/**
 * A trailglass store in a process of its own, for the fault tests (run with `node --import
 * tsx`; see `startStoreChild`):
 *
 * - `hold <dataDir>`: opens the store as a server does and keeps it open; prints
 *   `{"ready":true}`.
 * - `load <dataDir> <trailDir> <from> <to> <delayMs>`: loads a local trail folder into
 *   the store, one file at a time, each file's reading delayed by delayMs; prints
 *   `{"filesDone":N,"committed":M}` as files are committed, then `{"done":true}`.
 *
 * Either way it exits when its stdin closes, so it never outlives the test.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { LoadManager } from "../../lib/load/load-manager";
import { LocalFolderSource } from "../../lib/sources/local/local-folder-source";
import type { TrailFileRef } from "../../lib/sources/source-types";
import { openStore } from "../../lib/store/database";
import { EventWriter } from "../../lib/store/event-writer";

const say = (message: object) => process.stdout.write(`${JSON.stringify(message)}\n`);

process.stdin.on("end", () => process.exit(0));
process.stdin.on("error", () => process.exit(0));
process.stdin.resume();

/** A local folder whose files each take `delayMs` longer to read. */
class SlowFolderSource extends LocalFolderSource {
  constructor(
    root: string,
    private readonly delayMs: number,
  ) {
    super(root);
  }

  override async planRange(range: { from: string; to: string }) {
    const plan = await super.planRange(range);
    const slow = (file: TrailFileRef): TrailFileRef => ({
      ...file,
      open: () => {
        const delayMs = this.delayMs;
        return (async function* () {
          await sleep(delayMs);
          yield* file.open() as AsyncIterable<Uint8Array>;
        })();
      },
    });
    return { ...plan, files: plan.files.map(slow) };
  }
}

async function main() {
  const [mode, dataDir, trailDir, from, to, delay] = process.argv.slice(2);
  if (!dataDir) throw new Error("usage: store-child.ts hold|load <dataDir> ...");
  const store = await openStore(dataDir);
  if (mode === "hold") {
    say({ ready: true });
    return;
  }
  if (mode !== "load" || !trailDir || !from || !to) throw new Error(`bad arguments: ${mode}`);
  const writer = new EventWriter(store);
  const loads = new LoadManager(store, writer, [new SlowFolderSource(trailDir, Number(delay))], {
    fileConcurrency: 1,
  });
  const status = loads.ensureRange({ from, to });
  const report = setInterval(() => {
    void store
      .query<{ n: string }>("SELECT count(*)::VARCHAR AS n FROM loaded_files")
      .then((rows) => say({ filesDone: status.progress.filesDone, committed: Number(rows[0]?.n) }));
  }, 20);
  await status.wait();
  clearInterval(report);
  say({ done: true, problems: status.problems });
}

main().catch((error: unknown) => {
  say({ error: (error as Error).message });
  process.exit(1);
});
