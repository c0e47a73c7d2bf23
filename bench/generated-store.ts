/**
 * A store of generated events for the query benchmarks (bench/query-store.ts,
 * bench/summary-store.ts): `events` synthetic records spread evenly over two
 * days, four accounts and four Regions, 1 in 97 of them denied, written as
 * trail files (1,000 events per file) and loaded as the server loads a folder.
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { LoadManager } from "../lib/load/load-manager";
import { LocalFolderSource } from "../lib/sources/local/local-folder-source";
import type { Store } from "../lib/store/database";
import { EventWriter } from "../lib/store/event-writer";
import { syntheticRecord } from "./synthetic-trail";

export const ACCOUNTS = ["111100000001", "111100000002", "111100000003", "111100000004"];
export const REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2", "us-west-2"];
export const START = Date.parse("2026-11-10T00:00:00Z");
export const SPAN_MS = 2 * 86_400_000;
const PER_FILE = 1000;

const RUNS = 15;

export function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

/** A text option (`--dir /tmp/x`), or null. */
export function textOption(name: string): string | null {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? null) : null;
}

/**
 * Fills the store: writes the events as gzip trail files into a folder beside
 * it, then loads that folder as the server would. Returns the seconds the load took.
 */
export async function fill(store: Store, events: number): Promise<number> {
  const trail = path.join(path.dirname(store.dataDir), `${path.basename(store.dataDir)}-trail`);
  await rm(trail, { recursive: true, force: true });
  await mkdir(trail, { recursive: true });
  for (let file = 0; file * PER_FILE < events; file++) {
    const records = [];
    for (let k = 0; k < PER_FILE && file * PER_FILE + k < events; k++) {
      const n = file * PER_FILE + k;
      const record = syntheticRecord(
        ACCOUNTS[n % ACCOUNTS.length]!,
        REGIONS[Math.floor(n / 7) % REGIONS.length]!,
        START + Math.floor((n / events) * SPAN_MS),
        n,
      ) as Record<string, unknown>;
      // Some failures, as real trails have.
      if (n % 97 === 0)
        Object.assign(record, { errorCode: "AccessDenied", errorMessage: "denied" });
      records.push(record);
    }
    await writeFile(
      path.join(trail, `file-${String(file).padStart(6, "0")}.json.gz`),
      gzipSync(JSON.stringify({ Records: records }), { level: 1 }),
    );
  }
  const writer = new EventWriter(store);
  const loads = new LoadManager(store, writer, [new LocalFolderSource(trail)]);
  const started = performance.now();
  const status = loads.ensureRange(
    { from: new Date(START).toISOString(), to: new Date(START + SPAN_MS).toISOString() },
    { confirmed: true },
  );
  await status.wait();
  const seconds = (performance.now() - started) / 1000;
  await writer.close();
  if (status.problems.length > 0) {
    throw new Error(
      `filling the store failed: ${status.problems.map((p) => p.message).join("; ")}`,
    );
  }
  return seconds;
}

/** p50 and p95 of RUNS runs after one warm-up, in ms. */
export async function time(run: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  await run(); // warm
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await run();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { p50: ms[Math.floor(ms.length / 2)]!, p95: ms[Math.floor(ms.length * 0.95)]! };
}
