/**
 * `npm run bench` (third part): the analyst's queries over a store of
 * 1,000,000 generated events: a filtered first page of the table and the
 * facets beside it, each run repeatedly, p50 and p95 at the API's level
 * (lib/, no HTTP). Option: --events N (1000000).
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { normalizeRecord } from "../lib/cloudtrail/normalize";
import { emptyFilter, type EventFilter } from "../lib/query/event-query";
import { openStore, type Store } from "../lib/store/database";
import { EventWriter } from "../lib/store/event-writer";
import { type FacetField, queryFacets } from "../lib/store/facets";
import { queryEventPage } from "../lib/store/query-events";
import { syntheticRecord } from "./synthetic-trail";

const ACCOUNTS = ["111100000001", "111100000002", "111100000003", "111100000004"];
const REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2", "us-west-2"];
const START = Date.parse("2026-11-10T00:00:00Z");
const SPAN_MS = 2 * 86_400_000;
const PER_FILE = 1000;
const RUNS = 15;
/** The facets the events page shows beside the table (components/events/facets-panel.tsx). */
const PAGE_FACETS: FacetField[] = [
  "category",
  "eventName",
  "eventSource",
  "principal",
  "principalType",
  "errorCode",
  "sourceIp",
  "region",
  "account",
];

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

async function fill(store: Store, events: number): Promise<number> {
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

async function time(run: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
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

async function main() {
  const events = option("events", 1_000_000);
  const work = await mkdtemp(path.join(os.tmpdir(), "trailglass-bench-query-"));
  const store = await openStore(work);
  try {
    const loadS = await fill(store, events);
    console.log(
      `\nstore of ${events.toLocaleString("en-US")} events filled in ${loadS.toFixed(1)} s`,
    );
    const range = {
      from: new Date(START).toISOString(),
      to: new Date(START + SPAN_MS).toISOString(),
    };
    const views: [string, EventFilter][] = [
      ["whole range", emptyFilter(range)],
      ["eventName=AssumeRole", { ...emptyFilter(range), eventName: ["AssumeRole"] }],
      [
        "error=any, -region, CIDR",
        {
          ...emptyFilter(range),
          error: "any",
          sourceIp: ["10.0.0.0/9"],
          exclude: { region: ["us-west-2"] },
        },
      ],
      ["userAgent contains", { ...emptyFilter(range), userAgent: ["botocore"] }],
      ["q (whole record)", { ...emptyFilter(range), q: "part-42.parquet" }],
    ];
    console.log("| view                       | first page p50 | p95     | facets p50 | p95     |");
    console.log("| -------------------------- | -------------- | ------- | ---------- | ------- |");
    for (const [label, filter] of views) {
      const page = await time(() => queryEventPage(store, filter, { limit: 100, cursor: null }));
      const facets = await time(() => queryFacets(store, filter, PAGE_FACETS, 8));
      const ms = (n: number) => `${n.toFixed(0)} ms`;
      console.log(
        `| ${label.padEnd(26)} | ${ms(page.p50).padStart(14)} | ${ms(page.p95).padStart(7)} | ${ms(facets.p50).padStart(10)} | ${ms(facets.p95).padStart(7)} |`,
      );
    }
    console.log("targets: first page p50 < 100 ms, facets p50 < 300 ms (issue #5)");
  } finally {
    store.close();
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
