import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { EventOrigin } from "@/lib/cloudtrail/event-schema";
import { normalizeRecord } from "@/lib/cloudtrail/normalize";
import { makeRecord } from "@/lib/reader/test-helpers";
import { openStore, type Store } from "./database";
import { EventWriter, type FileLoadRecord } from "./event-writer";
import { getEventById } from "./query-events";
import { SCHEMA_SQL } from "./schema";

/** The writer against a real on-disk store: what it commits, and what it refuses to. */

let dir = "";
let store: Store;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "trailglass-writer-"));
  store = await openStore(dir);
});

afterEach(async () => {
  store.close();
  await rm(dir, { recursive: true, force: true });
});

const fileOrigin = (key: string): EventOrigin => ({ kind: "local", source: "/trail", key });

function rowsOf(origin: EventOrigin, from: number, count: number) {
  return Array.from({ length: count }, (_, k) => normalizeRecord(makeRecord(from + k), origin));
}

function loadRecord(origin: EventOrigin, records: number): FileLoadRecord {
  return {
    ...origin,
    version: "v1",
    format: "records",
    records,
    bytes: 1,
    problems: [],
    complete: true,
  };
}

const loadedKeys = async () =>
  (await store.query<{ key: string }>("SELECT key FROM loaded_files ORDER BY key")).map(
    (r) => r.key,
  );

const eventCount = async () =>
  Number((await store.query<{ n: string }>("SELECT count(*)::VARCHAR AS n FROM events"))[0]?.n);

describe("EventWriter", () => {
  it("stores each event once with every file it was read from, over many transactions", async () => {
    const writer = new EventWriter(store, { batchRows: 7 });
    const a = fileOrigin("a.json");
    const b = fileOrigin("b.json");
    writer.startFile(a);
    writer.startFile(b);
    // b re-delivers events 20..24 of a.
    await Promise.all([writer.addRows(rowsOf(a, 0, 25), a), writer.addRows(rowsOf(b, 20, 15), b)]);
    await Promise.all([
      writer.finishFile(loadRecord(a, 25)),
      writer.finishFile(loadRecord(b, 15)),
      writer.flush(),
    ]);

    expect(await eventCount()).toBe(35);
    const shared = await getEventById(store, makeRecord(22).eventID as string);
    expect(shared?.origins.map((o) => o.key).sort()).toEqual(["a.json", "b.json"]);
    expect(await loadedKeys()).toEqual(["a.json", "b.json"]);

    // Every field survives the trip: unicode, quotes, nulls, milliseconds, the raw record.
    const expected = normalizeRecord(makeRecord(3), a);
    const stored = await getEventById(store, expected.id);
    expect(stored).toEqual({ ...expected, origins: [a] });
  });

  it("never registers a file whose rows were in a failed transaction, even one finishing later", async () => {
    const writer = new EventWriter(store, { batchRows: 1000 });
    const a = fileOrigin("a.json");
    writer.startFile(a);
    await writer.addRows(rowsOf(a, 0, 5), a);
    // The next transaction fails: its table is gone.
    await store.write((c) => c.run("DROP TABLE event_origins"));
    await expect(writer.flush()).rejects.toThrow(/event_origins/);
    await store.write((c) => c.run(SCHEMA_SQL));

    // The rest of a.json arrives and commits fine, but its first rows are lost: not loaded.
    await writer.addRows(rowsOf(a, 5, 5), a);
    await expect(writer.finishFile(loadRecord(a, 10))).rejects.toThrow(/event_origins/);
    // Another file is unaffected.
    const b = fileOrigin("b.json");
    writer.startFile(b);
    await writer.addRows(rowsOf(b, 100, 3), b);
    await writer.finishFile(loadRecord(b, 3));
    expect(await loadedKeys()).toEqual(["b.json"]);

    // Read again, a.json loads whole.
    writer.startFile(a);
    await writer.addRows(rowsOf(a, 0, 10), a);
    await writer.finishFile(loadRecord(a, 10));
    expect(await loadedKeys()).toEqual(["a.json", "b.json"]);
    expect(await eventCount()).toBe(13);
  });

  it("replaces the old origins and problems of a file read again, also after a restart", async () => {
    const a = fileOrigin("a.json");
    const problem = {
      kind: "invalid-record" as const,
      severity: "error" as const,
      file: "a.json",
      recordIndex: 5,
      message: "record 5 is not an object",
    };
    const first = new EventWriter(store);
    first.startFile(a);
    // The same record twice in one file: one event, one origin.
    await first.addRows([...rowsOf(a, 0, 5), ...rowsOf(a, 4, 1)], a);
    await first.finishFile({ ...loadRecord(a, 5), problems: [problem] });
    // Interrupted before it finished: rows committed, file not registered.
    const c = fileOrigin("c.json");
    first.startFile(c);
    await first.addRows(rowsOf(c, 50, 3), c);
    await first.flush();

    const origins = async (key: string) =>
      Number(
        (
          await store.query<{ n: string }>(
            "SELECT count(*)::VARCHAR AS n FROM event_origins WHERE key = $1",
            [key],
          )
        )[0]?.n,
      );
    expect(await origins("a.json")).toBe(5);
    expect(await origins("c.json")).toBe(3);

    store.close();
    store = await openStore(dir);
    const again = new EventWriter(store);
    // a.json changed: it now holds events 0..2 and nothing broken.
    again.startFile(a);
    await again.addRows(rowsOf(a, 0, 3), a);
    await again.finishFile(loadRecord(a, 3));
    again.startFile(c);
    await again.addRows(rowsOf(c, 50, 3), c);
    await again.finishFile(loadRecord(c, 3));

    expect(await origins("a.json")).toBe(3);
    expect(await origins("c.json")).toBe(3);
    expect(await store.query("SELECT * FROM problems")).toEqual([]);
    // Events 3 and 4 stay (the store is a cache of everything read), now without an origin in a.json.
    expect(await eventCount()).toBe(8);
    expect((await getEventById(store, makeRecord(4).eventID as string))?.origins).toEqual([]);
  });

  it("stores a record with lone surrogates without failing the other files of its batch", async () => {
    const writer = new EventWriter(store);
    const a = fileOrigin("a.json");
    const b = fileOrigin("b.json");
    writer.startFile(a);
    writer.startFile(b);
    const odd = makeRecord(1, {
      userAgent: "lone \ud800 high",
      eventName: "\udfff",
      errorMessage: "\\ud800",
    });
    await writer.addRows([normalizeRecord(odd, a)], a);
    await writer.addRows(rowsOf(b, 10, 3), b);
    await Promise.all([writer.finishFile(loadRecord(a, 1)), writer.finishFile(loadRecord(b, 3))]);
    expect(await loadedKeys()).toEqual(["a.json", "b.json"]);
    const event = await getEventById(store, odd.eventID as string);
    // The record keeps them; the columns hold U+FFFD instead (DuckDB's JSON refuses them).
    expect(event?.raw).toEqual(odd);
    expect(event?.userAgent).toBe("lone \ufffd high");
    expect(event?.eventName).toBe("\ufffd");
    expect(event?.errorMessage).toBe("\\ud800");
  });

  it("starts a transaction once the buffered rows are large, not only numerous", async () => {
    const writer = new EventWriter(store, { batchBytes: 10_000 });
    const a = fileOrigin("a.json");
    writer.startFile(a);
    for (let i = 0; i < 5; i++) {
      const big = makeRecord(i, { requestParameters: { padding: "p".repeat(20_000) } });
      await writer.addRows([normalizeRecord(big, a)], a);
    }
    // Each call waits for the commit of the rows before its own: four are in already.
    expect(await eventCount()).toBeGreaterThanOrEqual(4);
    await writer.finishFile(loadRecord(a, 5));
    expect(await eventCount()).toBe(5);
  });
});
