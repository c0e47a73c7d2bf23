import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RawRecord } from "@/lib/cloudtrail/event-schema";
import { openStore, type Store } from "@/lib/store/database";
import { getEventById } from "@/lib/store/event-by-id";
import { listProblems } from "@/lib/store/problems";
import { makeRecord } from "@/test/support/reader-helpers";
import { storeRecordFiles } from "@/test/support/record-files";

/**
 * One eventID delivered with different content in two files (#19): reported
 * as a problem naming both files, and the copy kept is the same whatever the
 * order the files are read in (one load or two, either order).
 */

let dir = "";

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "trailglass-conflicts-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const event = (i: number) => makeRecord(i, { eventTime: `2026-03-01T10:0${i}:00.000Z` });
const original = event(1);
// The same eventID and time, edited: another caller address and action.
const edited: RawRecord = {
  ...original,
  sourceIPAddress: "198.51.100.66",
  eventName: "DeleteObject",
};
// The original delivered again, its keys in another order: not a conflict.
const reordered = Object.fromEntries(Object.entries(original).reverse()) as RawRecord;

const FILES: Record<string, RawRecord[]> = {
  "a.json.gz": [original, event(2)],
  "b.json.gz": [edited, event(3)],
  "c.json.gz": [reordered, event(4)],
};

let stores = 0;

/** A new store that read `loads` one after another (each a list of files read together). */
async function storeAfter(loads: string[][]): Promise<Store> {
  stores += 1;
  const store = await openStore(path.join(dir, `store-${stores}`));
  for (const keys of loads) {
    await storeRecordFiles(
      store,
      keys.map((key) => ({ key, records: FILES[key]! })),
      { workers: 2 },
    );
  }
  return store;
}

/** What a user sees of the store: the kept copy, the counts, the problems. */
async function seen(store: Store) {
  const kept = await getEventById(store, original.eventID as string);
  const counted = await store.query<{ event_name: string; n: string }>(
    "SELECT event_name, sum(n)::VARCHAR AS n FROM event_counts GROUP BY 1 ORDER BY 1",
  );
  const rows = await store.query<{ event_name: string; n: string }>(
    "SELECT event_name, count(*)::VARCHAR AS n FROM events GROUP BY 1 ORDER BY 1",
  );
  const { problems, total } = await listProblems(store);
  return { raw: kept?.raw, origins: kept?.origins, counted, rows, problems, total };
}

describe("conflicting deliveries of one eventID", () => {
  let views: Awaited<ReturnType<typeof seen>>[] = [];

  beforeAll(async () => {
    const orders = [
      [["a.json.gz"], ["b.json.gz"]],
      [["b.json.gz"], ["a.json.gz"]],
      [["a.json.gz", "b.json.gz"]],
      [["b.json.gz", "a.json.gz"]],
    ];
    views = [];
    for (const order of orders) {
      const store = await storeAfter(order);
      try {
        views.push(await seen(store));
      } finally {
        store.close();
      }
    }
  }, 120_000);

  it("keeps the same copy whatever the order the files are read in", () => {
    expect([original, edited]).toContainEqual(views[0]!.raw);
    for (const view of views) expect(view.raw).toEqual(views[0]!.raw);
  });

  it("counts the event once, with the attributes of the copy kept", () => {
    const keptName = (views[0]!.raw as RawRecord).eventName as string;
    for (const view of views) {
      // Events 2 and 3 are PutObject and GetObject (makeRecord), event 1 is the kept copy's.
      expect(view.rows.reduce((sum, r) => sum + Number(r.n), 0)).toBe(3);
      expect(view.counted).toEqual(view.rows);
      expect(view.rows.find((r) => r.event_name === keptName)).toBeDefined();
    }
  });

  it("reports one problem naming both files, with both as origins", () => {
    for (const view of views) {
      const conflicts = view.problems.filter((p) => p.kind === "conflicting-copies");
      expect(conflicts).toHaveLength(1);
      const [problem] = conflicts;
      expect(problem!.severity).toBe("error");
      expect(problem!.message).toContain(original.eventID as string);
      expect(problem!.message).toContain("a.json.gz (record 0)");
      expect(problem!.message).toContain("b.json.gz (record 0)");
      expect(view.total).toBe(1);
      expect(view.origins?.map((o) => o.key).sort()).toEqual(["a.json.gz", "b.json.gz"]);
    }
  });

  it("does not report deliveries alike but for the order of their keys, and reports a conflict once", async () => {
    const alike = await storeAfter([["a.json.gz"], ["c.json.gz"]]);
    try {
      expect((await seen(alike)).problems).toEqual([]);
    } finally {
      alike.close();
    }
    // Three deliveries, two alike, read in three loads: still one problem, naming the odd file.
    const three = await storeAfter([["c.json.gz"], ["b.json.gz"], ["a.json.gz"], ["b.json.gz"]]);
    try {
      const view = await seen(three);
      expect(view.problems.map((p) => p.kind)).toEqual(["conflicting-copies"]);
      expect(view.problems[0]!.message).toContain("b.json.gz (record 0)");
      expect(view.raw).toEqual(views[0]!.raw);
      expect(view.rows.reduce((sum, r) => sum + Number(r.n), 0)).toBe(4);
      expect(view.counted).toEqual(view.rows);
    } finally {
      three.close();
    }
  }, 60_000);
});
