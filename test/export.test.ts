import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportLines } from "@/lib/export/event-export";
import { emptyFilter, type EventFilter } from "@/lib/query/event-query";
import { makeRecord } from "@/test/support/reader-helpers";
import { openStore, type Store } from "@/lib/store/database";
import { storeRecordFiles } from "@/test/support/record-files";

/** Exports against a real store: exactly the view's events, streamed, safe in spreadsheets. */

const FORMULA = '=HYPERLINK("http://evil.example","click")';
const EVENTS = 5_000;
let dir = "";
let store: Store;

const filterOf = (extra: Partial<EventFilter> = {}): EventFilter => ({
  ...emptyFilter({ from: "2024-01-01T00:00:00Z", to: "2024-01-01T23:59:59Z" }),
  ...extra,
});

async function collect(filter: EventFilter, format: "csv" | "ndjson"): Promise<string> {
  let text = "";
  for await (const part of exportLines(store, filter, format)) text += part;
  return text;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "trailglass-export-"));
  store = await openStore(dir);
  const records = Array.from({ length: EVENTS }, (_, i) =>
    makeRecord(
      i,
      i === 7
        ? { userAgent: FORMULA, errorCode: "AccessDenied", errorMessage: "+cmd|' /C calc'!A0" }
        : {},
    ),
  );
  await storeRecordFiles(store, [{ key: "a.json", records }]);
});

afterAll(async () => {
  store.close();
  await rm(dir, { recursive: true, force: true });
});

describe("export", () => {
  it("writes every matching event as CSV, beyond one chunk, newest first", async () => {
    const text = await collect(filterOf({ eventName: ["PutObject"] }), "csv");
    expect(text.startsWith("\uFEFFeventTime,eventID,category,eventName,")).toBe(true);
    const rows = parse(text.slice(1), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(EVENTS / 2);
    expect(new Set(rows.map((r) => r.eventName))).toEqual(new Set(["PutObject"]));
    const times = rows.map((r) => r.eventTime!);
    expect([...times].sort().reverse()).toEqual(times);
    expect(rows[0]).toMatchObject({ category: "Data", readFrom: "local", account: "" });
  });

  it("neutralizes formulas in hostile fields", async () => {
    const text = await collect(filterOf({ errorCode: ["AccessDenied"] }), "csv");
    const rows = parse(text.slice(1), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(1);
    expect(rows[0]!.userAgent).toBe(`'${FORMULA}`);
    expect(rows[0]!.errorMessage).toBe("'+cmd|' /C calc'!A0");
    // Nothing in the file starts a cell with a formula character.
    const cells = (parse(text.slice(1)) as string[][]).flat();
    expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
  });

  it("writes the untouched records as NDJSON", async () => {
    const text = await collect(filterOf({ q: "dir/😀-12" }), "ndjson");
    const lines = text.trimEnd().split("\n");
    // 12, 120..129, 1200..1299 (q is a substring match).
    expect(lines).toHaveLength(1 + 10 + 100);
    const first = JSON.parse(lines.find((l) => l.includes('"dir/😀-12.txt"'))!) as object;
    expect(first).toEqual(makeRecord(12));
  });
});
