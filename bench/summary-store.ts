/**
 * `npm run bench` (summary part): the "who did what" summary (actors,
 * highlights, timeline, totals) over a store of 1,000,000 generated events,
 * each view run repeatedly, p50 and p95 at the API's level (lib/, no HTTP).
 * Options: --events N (1000000); --dir PATH keeps the store there and reuses
 * it on the next run (it is filled only when empty).
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { emptyFilter, type EventFilter } from "../lib/query/event-query";
import { openStore } from "../lib/store/database";
import { storeTotals } from "../lib/store/loaded-files";
import { querySummary } from "../lib/summary/query-summary";
import { ACCOUNTS, fill, option, SPAN_MS, START, textOption, time } from "./generated-store";

async function main() {
  const events = option("events", 1_000_000);
  const kept = textOption("dir");
  const work = kept ?? (await mkdtemp(path.join(os.tmpdir(), "trailglass-bench-summary-")));
  if (kept) await mkdir(kept, { recursive: true });
  const store = await openStore(work);
  try {
    const stored = (await storeTotals(store)).events;
    if (stored === 0) {
      const loadS = await fill(store, events);
      console.log(
        `\nstore of ${events.toLocaleString("en-US")} events filled in ${loadS.toFixed(1)} s`,
      );
    } else {
      console.log(`\nreusing the store in ${work}: ${stored.toLocaleString("en-US")} events`);
    }
    const range = {
      from: new Date(START).toISOString(),
      to: new Date(START + SPAN_MS).toISOString(),
    };
    const secondDay = {
      from: new Date(START + SPAN_MS / 2).toISOString(),
      to: new Date(START + SPAN_MS).toISOString(),
    };
    const views: [string, EventFilter][] = [
      ["whole range", emptyFilter(range)],
      ["account=<one of four>", { ...emptyFilter(range), account: [ACCOUNTS[1]!] }],
      ["-actorType=service", { ...emptyFilter(range), exclude: { actorType: ["service"] } }],
      ["second day (baseline: first)", emptyFilter(secondDay)],
    ];
    const sample = await querySummary(store, emptyFilter(range));
    const byType = new Map<string, number>();
    for (const a of sample.actors) byType.set(a.actorType, (byType.get(a.actorType) ?? 0) + 1);
    console.log(
      `${sample.totals.actors} actors (${[...byType].map(([t, n]) => `${n} ${t}`).join(", ")}), ` +
        `${sample.totals.events.toLocaleString("en-US")} events, ${sample.highlights.length} highlights, ` +
        `${sample.timeline.buckets.length} timeline buckets`,
    );
    console.log("| summary view                   | p50     | p95     |");
    console.log("| ------------------------------ | ------- | ------- |");
    for (const [label, filter] of views) {
      const summary = await time(() => querySummary(store, filter));
      const ms = (n: number) => `${n.toFixed(0)} ms`;
      console.log(
        `| ${label.padEnd(30)} | ${ms(summary.p50).padStart(7)} | ${ms(summary.p95).padStart(7)} |`,
      );
    }
    console.log("target: summary p50 < 500 ms over 1,000,000 events (issue #6)");
  } finally {
    store.close();
    if (!kept) await rm(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
