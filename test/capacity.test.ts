import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type ExportFormat, exportLines } from "@/lib/export/event-export";
import { exportStream } from "@/lib/export/export-stream";
import { emptyFilter } from "@/lib/query/event-query";
import { openStore, type Store } from "@/lib/store/database";
import { queryFacets } from "@/lib/store/facets";
import { recentStoreTotals } from "@/lib/store/loaded-files";
import { queryEventPageJson } from "@/lib/store/query-events";
import { querySummary } from "@/lib/summary/query-summary";
import { makeRecord } from "@/test/support/reader-helpers";
import { storeRecordFiles } from "@/test/support/record-files";

/**
 * What one request may cost the others (#22), against the real store with a
 * small memory limit: exports whose clients stopped reading, many exports at
 * once, an export that fails midway, and thousands of health checks at once.
 * Before admission control and chunked exports, each export held a sort of
 * its whole view open on a connection of its own: twelve of them ran the
 * store out of memory and every other query failed with it.
 */

const FILES = 30;
const PER_FILE = 1_000;
const EVENTS = FILES * PER_FILE;
const START = Date.parse("2024-03-01T00:00:00Z");
const filter = emptyFilter({ from: "2024-03-01T00:00:00Z", to: "2024-03-02T00:00:00Z" });

let dir = "";
let store: Store;

/** One event a second from START, file by file, by 40 users. */
function eventAt(n: number) {
  const user = `user-${n % 40}`;
  return makeRecord(n, {
    eventTime: new Date(START + n * 1000).toISOString(),
    eventID: `capacity-${String(n).padStart(6, "0")}`,
    userIdentity: {
      type: "IAMUser",
      arn: `arn:aws:iam::123456789012:user/${user}`,
      userName: user,
    },
  });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "trailglass-capacity-"));
  const filling = await openStore(dir);
  await storeRecordFiles(
    filling,
    Array.from({ length: FILES }, (_, f) => ({
      key: `f${String(f).padStart(3, "0")}.json`,
      records: Array.from({ length: PER_FILE }, (_, k) => eventAt(f * PER_FILE + k)),
    })),
  );
  filling.close();
  // A store short of memory: what twelve whole-view sorts held open used to run out of.
  store = await openStore(dir, { memoryLimit: "64MB" });
}, 300_000);

afterAll(async () => {
  if (!store.isClosed) store.close();
  await rm(dir, { recursive: true, force: true });
});

/** An export's text, read to the end. */
async function readRest(lines: AsyncGenerator<string>, start = ""): Promise<string> {
  let text = start;
  for await (const part of lines) text += part;
  return text;
}

/** Each event exactly once, newest first: from the CSV's eventID column or the NDJSON's records. */
function exportedIds(text: string, format: ExportFormat): string[] {
  if (format === "csv") {
    return (parse(text.slice(1), { columns: true }) as { eventID: string }[]).map((r) => r.eventID);
  }
  return text
    .trimEnd()
    .split("\n")
    .map((line) => (JSON.parse(line) as { eventID: string }).eventID);
}

const NEWEST_FIRST = Array.from(
  { length: EVENTS },
  (_, i) => `capacity-${String(EVENTS - 1 - i).padStart(6, "0")}`,
);

describe("capacity", () => {
  it("answers pages, facets and summaries while twelve exports wait for clients that stopped reading, then finishes each whole", async () => {
    const exports = Array.from({ length: 12 }, (_, i) => {
      const format: ExportFormat = i % 2 === 0 ? "csv" : "ndjson";
      return { format, lines: exportLines(store, filter, format), text: "" };
    });
    // Each client takes a little, then stops reading.
    for (const e of exports) {
      for (let k = 0; k < 2; k++) e.text += (await e.lines.next()).value ?? "";
    }

    const page = await queryEventPageJson(
      store,
      { ...filter, q: "capacity-029999" },
      { limit: 100, cursor: null },
    );
    expect(page.total).toBe(1);
    const facets = await queryFacets(store, filter, ["eventName", "principal", "sourceIp"], 10);
    expect(facets.eventName!.values.reduce((n, v) => n + v.count, 0)).toBe(EVENTS);
    const summary = await querySummary(store, filter);
    expect(summary.totals.events).toBe(EVENTS);

    // The clients read on, all at once: every export is whole, never cut short.
    const texts = await Promise.all(exports.map((e) => readRest(e.lines, e.text)));
    texts.forEach((text, i) => {
      expect(exportedIds(text, exports[i]!.format)).toEqual(NEWEST_FIRST);
    });
  }, 300_000);

  it("answers 10,000 health checks at once with one query of the store", async () => {
    const query = vi.spyOn(store, "query");
    try {
      const answers = await Promise.all(
        Array.from({ length: 10_000 }, () => recentStoreTotals(store)),
      );
      expect(new Set(answers.map((a) => JSON.stringify(a)))).toEqual(
        new Set([JSON.stringify({ events: EVENTS, files: FILES })]),
      );
      expect(query).toHaveBeenCalledTimes(1);
    } finally {
      query.mockRestore();
    }
  });

  it("ends an NDJSON export whose records cannot be read midway with an error line, not silently", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    // The oldest file's bytes are gone: its events come last, newest first.
    await store.write((c) => c.run("UPDATE files SET pack = 'gone.pack' WHERE key = 'f000.json'"));
    const onEnd = vi.fn();
    const body = exportStream(exportLines(store, filter, "ndjson"), {
      format: "ndjson",
      idleMs: 60_000,
      onEnd,
    });
    const lines = (await new Response(body).text()).trimEnd().split("\n");
    const last = JSON.parse(lines.pop()!) as { error?: string };
    expect(last.error).toMatch(/^Exporting events failed: .* \(request [0-9a-f]{8}\)$/);
    // Nothing of the server's own: no path of its data folder.
    expect(last.error).not.toContain(dir);
    expect(lines.length).toBeGreaterThanOrEqual(EVENTS - 2 * PER_FILE);
    expect(lines.length).toBeLessThan(EVENTS - PER_FILE + 1);
    expect(onEnd).toHaveBeenCalledTimes(1);
  });

  it("fails a CSV download whose store stops answering midway", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const reader = exportStream(exportLines(store, filter, "csv"), {
      format: "csv",
      idleMs: 60_000,
      onEnd: () => undefined,
    }).getReader();
    await reader.read();
    store.close();
    const failure = await (async () => {
      for (;;) {
        const { done } = await reader.read();
        if (done) return null;
      }
    })().catch((error: unknown) => error as Error);
    expect(failure?.message).toMatch(/^Exporting events failed: .*is closed/);
  });
});
