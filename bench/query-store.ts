/**
 * `npm run bench` (third part): the analyst's queries over a store of
 * 1,000,000 generated events: a filtered first page of the table and the
 * facets beside it, each run repeatedly, p50 and p95 at the API's level
 * (lib/, no HTTP). Options: --events N (1000000), --dir DIR (a store to keep and
 * reuse; filled when empty).
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { emptyFilter, type EventFilter } from "../lib/query/event-query";
import { openStore } from "../lib/store/database";
import { queryFacets } from "../lib/store/facets";
import { queryEventPage } from "../lib/store/query-events";
import { PANEL_FACETS } from "../lib/cloudtrail/fields";
import { FACET_TOP } from "../lib/query/events-page";
import { fill, option, SPAN_MS, START, textOption, time } from "./generated-store";

async function main() {
  const events = option("events", 1_000_000);
  const kept = textOption("dir");
  const work = kept ?? (await mkdtemp(path.join(os.tmpdir(), "trailglass-bench-query-")));
  const store = await openStore(work);
  try {
    const [stored] = await store.query<{ n: number }>("SELECT count(*)::INTEGER AS n FROM events");
    if ((stored?.n ?? 0) === 0) {
      const loadS = await fill(store, events);
      console.log(
        `\nstore of ${events.toLocaleString("en-US")} events filled in ${loadS.toFixed(1)} s`,
      );
    } else {
      console.log(`\nreusing the store in ${work}: ${stored!.n.toLocaleString("en-US")} events`);
    }
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
      const facets = await time(() => queryFacets(store, filter, PANEL_FACETS, FACET_TOP));
      const ms = (n: number) => `${n.toFixed(0)} ms`;
      console.log(
        `| ${label.padEnd(26)} | ${ms(page.p50).padStart(14)} | ${ms(page.p95).padStart(7)} | ${ms(facets.p50).padStart(10)} | ${ms(facets.p95).padStart(7)} |`,
      );
    }
    console.log("targets: first page p50 < 100 ms, facets p50 < 300 ms (issue #5)");
  } finally {
    store.close();
    if (!kept) await rm(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
