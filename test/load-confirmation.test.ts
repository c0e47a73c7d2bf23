import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LoadManager } from "@/lib/load/load-manager";
import { LocalFolderSource } from "@/lib/sources/local/local-folder-source";
import { openStore, type Store } from "@/lib/store/database";
import { EventWriter } from "@/lib/store/event-writer";
import { storeTotals } from "@/lib/store/loaded-files";

/** A range needing more files than the limit waits for a confirmed request. */

let root = "";
let store: Store;
let loads: LoadManager;

const ACCOUNT = "111122223333";

function trailFile(day: number, hour: number) {
  const stamp = `2026110${day}T${String(hour).padStart(2, "0")}05Z`;
  const records = [0, 1].map((n) => ({
    eventVersion: "1.08",
    eventID: `evt-${day}-${hour}-${n}`,
    eventTime: `2026-11-0${day}T${String(hour).padStart(2, "0")}:0${n}:00Z`,
    eventName: "DescribeInstances",
    eventSource: "ec2.amazonaws.com",
    awsRegion: "us-east-1",
    userIdentity: { type: "IAMUser", userName: "alice", accountId: ACCOUNT },
    recipientAccountId: ACCOUNT,
  }));
  return {
    dir: path.join(root, "trail", "2026", "11", `0${day}`),
    name: `${ACCOUNT}_CloudTrail_us-east-1_${stamp}_abc${day}${hour}.json`,
    body: JSON.stringify({ Records: records }),
  };
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "trailglass-confirm-"));
  // Two days, three files each: six files, twelve events.
  for (const day of [3, 4]) {
    for (const hour of [1, 9, 17]) {
      const f = trailFile(day, hour);
      await mkdir(f.dir, { recursive: true });
      await writeFile(path.join(f.dir, f.name), f.body);
    }
  }
  store = await openStore(path.join(root, "data"));
  loads = new LoadManager(
    store,
    new EventWriter(store),
    [new LocalFolderSource(path.join(root, "trail"))],
    { confirmAboveFiles: 4 },
  );
});

afterAll(async () => {
  store?.close();
  await rm(root, { recursive: true, force: true });
});

describe("loads too large to start unasked", () => {
  const wide = { from: "2026-11-03T00:00:00.000Z", to: "2026-11-04T23:59:59.000Z" };

  it("reports what a large range would read and reads nothing", async () => {
    const status = loads.ensureRange(wide);
    await status.wait();
    expect(status.complete).toBe(true);
    expect(status.pending).toMatchObject({ files: 6 });
    expect(status.pending?.bytes).toBeGreaterThan(0);
    expect((await storeTotals(store)).events).toBe(0);
  });

  it("still loads a narrower range that is small enough", async () => {
    // Nov 4 plus the delivery day after: three files.
    const status = loads.ensureRange({
      from: "2026-11-04T00:00:00.000Z",
      to: "2026-11-04T23:59:59.000Z",
    });
    await status.wait();
    expect(status.pending).toBeNull();
    expect((await storeTotals(store)).events).toBe(6);
  });

  it("loads the large range once confirmed", async () => {
    const status = loads.ensureRange(wide, { confirmed: true });
    await status.wait();
    expect(status.pending).toBeNull();
    expect((await storeTotals(store)).events).toBe(12);
    // Afterwards nothing is pending: the rest of the range is in the store.
    const again = loads.ensureRange(wide);
    await again.wait();
    expect(again.pending).toBeNull();
  });
});

describe("a range's listing", () => {
  it("is waited for briefly, so a range with nothing to read is complete at once", async () => {
    const empty = { from: "2026-11-20T00:00:00.000Z", to: "2026-11-20T23:59:59.000Z" };
    const status = loads.ensureRange(empty);
    // Never listed: until the listing answers, nothing is known.
    expect(status.complete).toBe(false);
    await status.listed(10_000);
    expect(status.complete).toBe(true);
    expect(status.progress.filesTotal).toBe(0);
  });
});
