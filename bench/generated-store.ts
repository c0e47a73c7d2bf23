/**
 * A store of generated events for the query benchmarks (bench/query-store.ts,
 * bench/summary-store.ts): `events` synthetic records spread evenly over two
 * days, four accounts and four Regions, 1 in 97 of them denied, written the
 * way trail files are loaded (1,000 events per file, through the EventWriter).
 */
import { normalizeRecord } from "../lib/cloudtrail/normalize";
import type { Store } from "../lib/store/database";
import { EventWriter } from "../lib/store/event-writer";
import { syntheticRecord } from "./synthetic-trail";

export const ACCOUNTS = ["111100000001", "111100000002", "111100000003", "111100000004"];
export const REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2", "us-west-2"];
export const START = Date.parse("2026-11-10T00:00:00Z");
export const SPAN_MS = 2 * 86_400_000;
const PER_FILE = 1000;

export const RUNS = 15;

export function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

/** A text option (`--dir /tmp/x`), or null. */
export function textOption(name: string): string | null {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? null) : null;
}

/** Fills the store; returns the seconds it took. */
export async function fill(store: Store, events: number): Promise<number> {
  const writer = new EventWriter(store);
  const started = performance.now();
  const commits: Promise<void>[] = [];
  for (let file = 0; file * PER_FILE < events; file++) {
    const origin = { kind: "local" as const, source: "bench", key: `file-${file}.json` };
    writer.startFile(origin);
    const rows = [];
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
      rows.push(normalizeRecord(record, origin));
    }
    await writer.addRows(rows, origin);
    const committed = writer.finishFile({
      ...origin,
      version: "1",
      format: "records",
      records: rows.length,
      bytes: 0,
      problems: [],
      complete: true,
    });
    committed.catch(() => undefined);
    commits.push(committed);
  }
  await writer.flush();
  await Promise.all(commits);
  return (performance.now() - started) / 1000;
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
