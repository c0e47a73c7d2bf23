import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { RawRecord } from "@/lib/cloudtrail/event-schema";
import { normalizeRecord } from "@/lib/cloudtrail/normalize";
import { gz, makeRecord } from "@/test/support/reader-helpers";
import type { TrailFileRef } from "@/lib/sources/source-types";
import { openStore, type Store } from "@/lib/store/database";
import { type BatchLoad, EventWriter } from "@/lib/store/event-writer";
import { getEventById } from "@/lib/store/event-by-id";

/** The writer (with its load workers) against a real on-disk store: what it commits, and what it refuses to. */

let dir = "";
let trail = "";
let store: Store;
const writers: EventWriter[] = [];

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "trailglass-writer-"));
  trail = path.join(dir, "trail");
  await mkdir(trail, { recursive: true });
  store = await openStore(path.join(dir, "store"));
});

afterEach(async () => {
  await Promise.all(writers.splice(0).map((w) => w.close()));
  store.close();
  await rm(dir, { recursive: true, force: true });
});

function writerOf(options: ConstructorParameters<typeof EventWriter>[1] = {}): EventWriter {
  const writer = new EventWriter(store, { workers: 2, ...options });
  writers.push(writer);
  return writer;
}

const SOURCE = "/trail";
/** For vi.waitFor: what the workers do in the background may take long on a busy machine. */
const EVENTUALLY = { timeout: 30_000 };

/** Writes a trail file of `records` (gzip) and returns its reference, read by path. */
async function trailFile(key: string, records: RawRecord[]): Promise<TrailFileRef> {
  const full = path.join(trail, key);
  await writeFile(full, gz(JSON.stringify({ Records: records })));
  const info = statSync(full);
  return {
    kind: "local",
    source: SOURCE,
    key,
    version: `${info.size}-${info.mtimeMs}`,
    size: info.size,
    path: full,
    open: () => {
      throw new Error("read by path");
    },
  };
}

const records = (from: number, count: number) =>
  Array.from({ length: count }, (_, k) => makeRecord(from + k));

async function load(writer: EventWriter, refs: TrailFileRef[]): Promise<BatchLoad> {
  const batch = await writer.read(refs);
  await batch.read;
  await writer.flush().catch(() => undefined);
  return batch;
}

/** "committed", or the message the batch's commit failed with. */
const settled = (batch: BatchLoad) =>
  batch.committed.then(
    () => "committed",
    (e: Error) => e.message,
  );

const loadedKeys = async () =>
  (await store.query<{ key: string }>("SELECT key FROM loaded_files ORDER BY key")).map(
    (r) => r.key,
  );

const count = async (sql: string, params: string[] = []) =>
  Number((await store.query<{ n: string }>(`SELECT (${sql})::VARCHAR AS n`, params))[0]?.n);

describe("EventWriter", () => {
  it("stores each event once with every file it was read from, over many transactions", async () => {
    const writer = writerOf({ commitRows: 7, segmentRows: 5 });
    // b re-delivers events 20..24 of a.
    const a = await trailFile("a.json.gz", records(0, 25));
    const b = await trailFile("b.json.gz", records(20, 15));
    expect(await settled(await load(writer, [a, b]))).toBe("committed");

    expect(await count("SELECT count(*) FROM events")).toBe(35);
    expect(await count("SELECT count(*) FROM event_copies")).toBe(5);
    expect(await count("SELECT sum(n) FROM event_counts")).toBe(35);
    const shared = await getEventById(store, makeRecord(22).eventID as string);
    expect(shared?.origins.map((o) => o.key).sort()).toEqual(["a.json.gz", "b.json.gz"]);
    expect(await loadedKeys()).toEqual(["a.json.gz", "b.json.gz"]);

    // Every field survives the trip: unicode, quotes, nulls, milliseconds, the record.
    const origin = { kind: "local" as const, source: SOURCE, key: "a.json.gz" };
    const expected = normalizeRecord(makeRecord(3), origin);
    expect(await getEventById(store, expected.id)).toEqual({ ...expected, origins: [origin] });
  });

  it("gives each record back byte for byte as the file delivered it", async () => {
    const writer = writerOf();
    // Escapes and number spellings JSON.stringify would write differently.
    const text =
      '{"Records":[{"eventVersion":"1.08","eventTime":"2024-01-01T00:00:00Z","eventSource":"s3.amazonaws.com",' +
      '"eventName":"GetObject","eventID":"e-1","awsRegion":"eu-west-1","note":"caf\\u00e9 \\/ x","size":1.50}]}';
    const full = path.join(trail, "exact.json");
    await writeFile(full, text);
    const info = statSync(full);
    await load(writer, [
      {
        kind: "local",
        source: SOURCE,
        key: "exact.json",
        version: "1",
        size: info.size,
        path: full,
        open: () => {
          throw new Error("read by path");
        },
      },
    ]);
    const page = await store.query<{ file_id: number; record_index: number }>(
      "SELECT file_id, record_index FROM events WHERE id = 'e-1'",
    );
    const { readEventRecords } = await import("@/lib/store/event-records");
    const texts = await readEventRecords(store, [
      { id: "e-1", fileId: page[0]!.file_id, recordIndex: page[0]!.record_index },
    ]);
    expect(texts.get("e-1")).toBe(text.slice('{"Records":['.length, -2));
  });

  it("never registers a file whose rows were in a failed transaction, even one finishing later", async () => {
    const writer = writerOf({ segmentRows: 4, headBytes: 0 });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    // a.json: records 0..9 as NDJSON, streamed; the rest only comes once the gate opens.
    const lines = records(0, 10).map((r) => `${JSON.stringify(r)}\n`);
    const a: TrailFileRef = {
      kind: "s3",
      source: SOURCE,
      key: "a.json",
      version: "1",
      size: 0,
      open: async function* () {
        yield Buffer.from(lines.slice(0, 5).join(""));
        await gate;
        yield Buffer.from(lines.slice(5).join(""));
      },
    };
    // Its first rows are handed over; their transaction fails (a table is gone).
    await store.write((c) => c.run("ALTER TABLE event_copies RENAME TO gone"));
    const loadA = await writer.read([a], { wholeFileThreshold: 16, batchSize: 1 });
    await vi.waitFor(() => expect(writer.flush()).rejects.toThrow(/event_copies/), EVENTUALLY);
    await store.write((c) => c.run("ALTER TABLE gone RENAME TO event_copies"));
    release();
    expect(await loadA.read).toEqual([expect.objectContaining({ records: 10 })]);
    await writer.flush().catch(() => undefined);
    // The rest of a.json commits fine, but its first rows are lost: not registered.
    await expect(loadA.committed).rejects.toThrow(/event_copies/);
    // Another file is unaffected.
    const b = await trailFile("b.json.gz", records(100, 3));
    expect(await settled(await load(writer, [b]))).toBe("committed");
    expect(await loadedKeys()).toEqual(["b.json.gz"]);

    // Read again (whole this time), a.json loads whole.
    const again = await trailFile("a.json", records(0, 10));
    expect(await settled(await load(writer, [again]))).toBe("committed");
    expect(await loadedKeys()).toEqual(["a.json", "b.json.gz"]);
    expect(await count("SELECT count(*) FROM events")).toBe(13);
  });

  it("replaces the old origins and problems of a file read again, also after a restart", async () => {
    const first = writerOf();
    // The same record twice in one file (one event, a copy), and a broken one.
    const a = await trailFile("a.json.gz", [...records(0, 5), makeRecord(4), 42 as never]);
    const c = await trailFile("c.json.gz", records(50, 3));
    await load(first, [a, c]);
    const origins = (key: string) =>
      count("SELECT count(DISTINCT event_id) FROM event_origins WHERE key = $1", [key]);
    expect(await origins("a.json.gz")).toBe(5);
    expect(await origins("c.json.gz")).toBe(3);
    expect(await count("SELECT count(*) FROM problems WHERE file = 'a.json.gz'")).toBe(1);
    await first.close();

    store.close();
    store = await openStore(path.join(dir, "store"));
    const again = writerOf();
    // a.json.gz changed: it now holds events 0..2 and nothing broken.
    const changed = await trailFile("a.json.gz", records(0, 3));
    await load(again, [{ ...changed, version: "2" }]);

    expect(await origins("a.json.gz")).toBe(3);
    expect(await origins("c.json.gz")).toBe(3);
    expect(await store.query("SELECT * FROM problems")).toEqual([]);
    expect(await count("SELECT count(*) FROM loaded_files WHERE key = 'a.json.gz'")).toBe(1);
    // Events 3 and 4 stay (the store keeps everything read), now without an origin in a.json.gz;
    // their records are still read from the first read's bytes.
    expect(await count("SELECT count(*) FROM events")).toBe(8);
    const kept = await getEventById(store, makeRecord(4).eventID as string);
    expect(kept?.origins).toEqual([]);
    expect(kept?.raw).toEqual(makeRecord(4));
  });

  it("stores a file's problems once when two loads read it at once", async () => {
    const writer = writerOf();
    const a = await trailFile("a.json.gz", [...records(0, 3), 42 as never]);
    // A range and the startup load both read an undated file: both reads commit together.
    const reads = await Promise.all([writer.read([a]), writer.read([a])]);
    await Promise.all(reads.map((r) => r.read));
    await writer.flush();
    expect(await count("SELECT count(*) FROM problems WHERE file = 'a.json.gz'")).toBe(1);
    expect(await count("SELECT count(*) FROM loaded_files WHERE key = 'a.json.gz'")).toBe(1);
    const shared = await getEventById(store, makeRecord(1).eventID as string);
    expect(shared?.origins).toEqual([{ kind: "local", source: SOURCE, key: "a.json.gz" }]);
  });

  it("stores a record with lone surrogates without failing the other files of its batch", async () => {
    const writer = writerOf();
    const odd = makeRecord(1, {
      userAgent: "lone \ud800 high",
      eventName: "\udfff",
      errorMessage: "\\ud800",
    });
    const a = await trailFile("a.json.gz", [odd]);
    const b = await trailFile("b.json.gz", records(10, 3));
    expect(await settled(await load(writer, [a, b]))).toBe("committed");
    expect(await loadedKeys()).toEqual(["a.json.gz", "b.json.gz"]);
    const event = await getEventById(store, odd.eventID as string);
    // The record keeps them (its text, as delivered, has the escapes).
    expect(event?.raw).toEqual(odd);
    const [columns] = await store.query<{ user_agent: string; event_name: string }>(
      "SELECT user_agent, event_name FROM events WHERE id = $1",
      [odd.eventID as string],
    );
    // The columns hold U+FFFD instead (lone surrogates are not Unicode).
    expect(columns).toEqual({ user_agent: "lone \ufffd high", event_name: "\ufffd" });
  });

  it("leaves no staged file behind once its rows are committed", async () => {
    const writer = writerOf({ segmentRows: 3 });
    await load(writer, [await trailFile("a.json.gz", records(0, 20))]);
    // Deleted in the background once committed.
    await vi.waitFor(async () => expect(await readdir(writer.staging!)).toEqual([]), EVENTUALLY);
    expect(await count("SELECT count(*) FROM events")).toBe(20);
  });
});
