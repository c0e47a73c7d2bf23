import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syntheticTrail } from "@/bench/synthetic-trail";
import { LoadManager } from "@/lib/load/load-manager";
import { LocalFolderSource } from "@/lib/sources/local/local-folder-source";
import { openStore, StoreInUseError, type Store } from "@/lib/store/database";
import { EventWriter } from "@/lib/store/event-writer";
import { storeTotals } from "@/lib/store/loaded-files";
import { listProblems } from "@/lib/store/problems";
import { eventIdsOf, expectExactlyOnce, expectLoadedFilesComplete } from "./support/exactly-once";

/**
 * Faults of the store itself: its disk full, its file locked by another process, and the
 * process killed in the middle of a load. The store is the real DuckDB store; the other
 * processes run test/support/store-child.ts.
 *
 * The full disk is a 1 MB tmpfs mounted over the data folder: this needs root (CI and the
 * development machines of this project run as root); the test says so if mount fails.
 */

const CHILD = path.join(__dirname, "support", "store-child.ts");
const DAY = "2026-12-05";
const RANGE = { from: `${DAY}T00:00:00.000Z`, to: `${DAY}T23:59:59.999Z` };

let root = "";
let trailDir = "";
let ids: string[] = [];
let files = 0;
const children = new Set<ChildProcess>();

/** A local trail folder: 60 files of 50 events. */
async function writeTrail(dir: string) {
  const objects = [
    ...syntheticTrail({
      objects: 60,
      eventsPerObject: 50,
      organizationId: null,
      accounts: ["510000000001"],
      regions: ["us-west-2"],
      days: 1,
      startDay: DAY,
    }),
  ];
  for (const object of objects) {
    const file = path.join(dir, ...object.key.split("/"));
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, object.body);
  }
  return objects;
}

async function load(store: Store) {
  const loads = new LoadManager(store, new EventWriter(store), [new LocalFolderSource(trailDir)]);
  const status = loads.ensureRange(RANGE);
  await status.wait();
  return status;
}

/** Starts store-child.ts; `lines` receives each JSON line it prints. */
function startChild(args: string[], onLine: (message: Record<string, unknown>) => void) {
  const child = spawn(process.execPath, ["--import", "tsx", CHILD, ...args], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  children.add(child);
  child.once("exit", () => children.delete(child));
  let buffered = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines)
      if (line.startsWith("{")) onLine(JSON.parse(line) as Record<string, unknown>);
  });
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return { child, exited, stderr: () => stderr };
}

/** Resolves with the first line for which `test` holds; rejects if the child exits first. */
function waitForLine(
  args: string[],
  test: (message: Record<string, unknown>) => boolean,
): Promise<ReturnType<typeof startChild>> {
  return new Promise((resolve, reject) => {
    let resolved = false;
    const started = startChild(args, (message) => {
      if (message.error) reject(new Error(`store child failed: ${String(message.error)}`));
      if (!resolved && test(message)) {
        resolved = true;
        resolve(started);
      }
    });
    void started.exited.then(() => {
      if (!resolved) reject(new Error(`store child exited early: ${started.stderr()}`));
    });
  });
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "trailglass-faults-store-"));
  trailDir = path.join(root, "trail");
  const objects = await writeTrail(trailDir);
  ids = eventIdsOf(objects);
  files = objects.length;
});

afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  await rm(root, { recursive: true, force: true });
});

describe("the store's disk full", () => {
  let data = "";
  let mounted = false;

  beforeAll(async () => {
    data = path.join(root, "full-disk");
    await mkdir(data);
    try {
      execFileSync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", data], { stdio: "pipe" });
    } catch (error) {
      throw new Error(
        `this test mounts a 1 MB tmpfs to fill the store's disk, which needs root: ${(error as Error).message}`,
      );
    }
    mounted = true;
  });

  afterAll(() => {
    if (mounted) execFileSync("umount", ["-l", data]);
  });

  it("reports a clear error, keeps the store usable, and loads everything once space is freed", async () => {
    const store = await openStore(data);
    try {
      const first = await load(store);
      // Said once, in words, with the store's path.
      expect(first.problems).toHaveLength(1);
      expect(first.problems[0]?.message).toContain(
        `the disk of the event store ${path.join(data, "trailglass.duckdb")} is full`,
      );
      expect(first.problems[0]?.message).toMatch(/No space left on device/);
      // The process and the store are still up: what was committed reads back whole.
      const partial = await storeTotals(store);
      expect(partial.files).toBeLessThan(files);
      expect(partial.events).toBeLessThan(ids.length);
      await expectLoadedFilesComplete(store);

      execFileSync("mount", ["-o", "remount,size=64m", data]);
      const second = await load(store);
      expect(second.problems).toEqual([]);
      expect((await listProblems(store)).total).toBe(0);
      expect((await storeTotals(store)).files).toBe(files);
      await expectExactlyOnce(store, ids);
    } finally {
      store.close();
    }
  });
});

describe("the store's file locked by another process", () => {
  it("says the store is in use, by which process, and which folder to change", async () => {
    const data = path.join(root, "locked");
    const holder = await waitForLine(["hold", data], (m) => m.ready === true);
    try {
      const opening = openStore(data);
      await expect(opening).rejects.toBeInstanceOf(StoreInUseError);
      const message = await opening.then(
        () => "",
        (error: unknown) => (error as Error).message,
      );
      expect(message).toContain(
        `The event store ${path.join(data, "trailglass.duckdb")} is in use by another process`,
      );
      expect(message).toContain(`(PID ${holder.child.pid})`);
      expect(message).toContain(`set TRAILGLASS_DATA to another folder than ${data}`);
    } finally {
      holder.child.kill("SIGKILL");
      await holder.exited;
    }
    // Once the other process is gone, the store opens.
    const store = await openStore(data);
    store.close();
  });
});

describe("a crash during loading", () => {
  it("loses nothing and doubles nothing: the next load completes every file once", async () => {
    const data = path.join(root, "crashed");
    // Killed once a few files are committed, well before the last (each file takes 40 ms).
    let seen: Record<string, unknown> = {};
    const loader = await waitForLine(["load", data, trailDir, RANGE.from, RANGE.to, "40"], (m) => {
      seen = m;
      return typeof m.committed === "number" && m.committed >= 8;
    });
    loader.child.kill("SIGKILL");
    await loader.exited;
    expect(seen.done).toBeUndefined();

    const store = await openStore(data);
    try {
      // What the killed process committed survived, and no file is registered half-stored.
      const partial = await storeTotals(store);
      expect(partial.files).toBeGreaterThanOrEqual(8);
      expect(partial.files).toBeLessThan(files);
      await expectLoadedFilesComplete(store);

      const again = await load(store);
      expect(again.problems).toEqual([]);
      expect((await listProblems(store)).total).toBe(0);
      const registered = await store.query<{ n: string; records: string }>(
        "SELECT count(*)::VARCHAR AS n, sum(records)::VARCHAR AS records FROM loaded_files",
      );
      expect(Number(registered[0]?.n)).toBe(files);
      expect(Number(registered[0]?.records)).toBe(ids.length);
      await expectLoadedFilesComplete(store);
      await expectExactlyOnce(store, ids);
    } finally {
      store.close();
    }
  });
});
