import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  asRequester,
  defaultWorkLimits,
  HEAVY_USE_MS,
  isStoreBusyError,
  StoreAdmission,
  threadPoolNeeded,
  type WorkKind,
  type WorkLimit,
} from "./admission";

/**
 * Admission to the store's connections (#22), on a real DuckDB database: a
 * kind of work that is busy holds up only its own kind, a full queue refuses
 * at once, and connections are reused, never more than may run at once.
 */

let dir = "";
let instance: DuckDBInstance;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "trailglass-admission-"));
  instance = await DuckDBInstance.create(path.join(dir, "a.duckdb"));
});

afterAll(async () => {
  instance.closeSync();
  await rm(dir, { recursive: true, force: true });
});

const LIMITS: Record<WorkKind, WorkLimit> = {
  pages: { connections: 2, waiting: 10 },
  summaries: { connections: 1, waiting: 1 },
  exports: { connections: 1, waiting: 2 },
  loads: { connections: 1, waiting: Infinity },
};

/** An admission that counts the connections it opens and closes. */
function counted(limits = LIMITS) {
  const counts = { opened: 0, closed: 0 };
  const admission = new StoreAdmission(async () => {
    const connection = await instance.connect();
    counts.opened += 1;
    const close = connection.closeSync.bind(connection);
    connection.closeSync = () => {
      counts.closed += 1;
      close();
    };
    return connection;
  }, limits);
  return { admission, counts };
}

/** Work that holds its connection until `release` is called. */
function held() {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  return { release, work: async () => gate };
}

const one = async (admission: StoreAdmission, kind: WorkKind) =>
  admission.run(kind, async (c) => (await c.runAndReadAll("SELECT 42 AS n")).getRowObjectsJson());

describe("StoreAdmission", () => {
  it("answers pages while every connection of exports and summaries is held", async () => {
    const { admission } = counted();
    const exportsHeld = held();
    const summariesHeld = held();
    const running = [
      admission.run("exports", exportsHeld.work),
      admission.run("summaries", summariesHeld.work),
    ];
    const waitingExport = one(admission, "exports");
    expect(await one(admission, "pages")).toEqual([{ n: 42 }]);
    // Export chunks are background work: the second waits its turn before its kind's queue.
    expect(admission.waitingInBackground).toBe(1);
    exportsHeld.release();
    summariesHeld.release();
    await Promise.all([...running, waitingExport]);
    admission.close();
  });

  it("makes a user who kept the store busy wait behind the others, one query at a time", async () => {
    const { admission } = counted({ ...LIMITS, summaries: { connections: 2, waiting: 10 } });
    const heavy = held();
    const first = asRequester("prober", () => admission.run("summaries", heavy.work));
    expect(await asRequester("prober", () => one(admission, "summaries"))).toEqual([{ n: 42 }]);
    // Its queries add up: beyond HEAVY_USE_MS, the prober's queries are background work
    // and wait while others' run (its first still holds a connection).
    admission.use.add("prober", HEAVY_USE_MS);
    let secondDone = false;
    const second = asRequester("prober", () => one(admission, "summaries")).then((rows) => {
      secondDone = true;
      return rows;
    });
    expect(admission.waitingInBackground).toBe(1);
    expect(await asRequester("alice", () => one(admission, "summaries"))).toEqual([{ n: 42 }]);
    expect(secondDone).toBe(false);
    heavy.release();
    await first;
    expect(await second).toEqual([{ n: 42 }]);
    expect(admission.waitingInBackground).toBe(0);
    admission.close();
  });

  it("refuses at once, as busy, work that would wait behind a full queue", async () => {
    const { admission } = counted();
    const summary = held();
    const running = admission.run("summaries", summary.work);
    const queued = one(admission, "summaries");
    const refused = await one(admission, "summaries").catch((error: unknown) => error);
    expect(isStoreBusyError(refused)).toBe(true);
    expect((refused as Error).message).toBe(
      "the server is busy with other summaries and counts; try again in a moment",
    );
    summary.release();
    await running;
    expect(await queued).toEqual([{ n: 42 }]);
    admission.close();
  });

  it("reuses connections, never more than run at once, and closes one whose work failed", async () => {
    const { admission, counts } = counted();
    for (let round = 0; round < 5; round++) {
      await Promise.all(Array.from({ length: 6 }, () => one(admission, "pages")));
    }
    expect(counts.opened).toBe(LIMITS.pages.connections);
    const failed = await admission
      .run("pages", (c) => c.run("SELECT * FROM no_such_table"))
      .catch((error: unknown) => error);
    expect(String(failed)).toMatch(/no_such_table/);
    expect(counts.closed).toBe(1);
    admission.close();
    expect(counts.closed).toBe(counts.opened);
  });

  it("sizes by cores, and says how many threads its kinds need", () => {
    const limits = defaultWorkLimits(2);
    expect(limits.pages.connections).toBe(2);
    expect(limits.exports.connections).toBe(1);
    // 2 pages + 2 summaries + 1 export + 1 load + the writer, and 4 for the rest.
    expect(threadPoolNeeded(limits)).toBe(11);
    // scripts/serve.mjs sizes the pool to 2 * max(4, cores) + 6: enough at any size.
    for (const cores of [1, 2, 4, 8, 16, 64, 256]) {
      expect(threadPoolNeeded(defaultWorkLimits(cores))).toBeLessThanOrEqual(
        2 * Math.max(4, cores) + 6,
      );
    }
  });
});
