/**
 * `npm run bench` (last part): 50 simulated users against the production
 * build on loopback over a store of 1,000,000 generated events, for a bounded
 * time. Each user repeats: a table page, facets, a summary or a permalink
 * (weighted as an analyst team would), then thinks for a moment. Reports
 * p50/p99 per kind and every error. Options: --users N (50), --seconds N (60),
 * --think-ms N (1000), --events N (1000000), --store DIR (reuse a filled store).
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { openStore } from "../lib/store/database";
import { fill, option, SPAN_MS, START } from "./generated-store";
import { startProductionServer } from "./production-server";

const PORT = 3196;
const FROM = new Date(START).toISOString();
const TO = new Date(START + SPAN_MS).toISOString();
const RANGE = `from=${FROM}&to=${TO}`;

type Kind = "page" | "facets" | "summary" | "permalink";

/** What a user asks for, with weights (out of 10). */
const MIX: { kind: Kind; weight: number }[] = [
  { kind: "page", weight: 5 },
  { kind: "facets", weight: 2 },
  { kind: "summary", weight: 1 },
  { kind: "permalink", weight: 2 },
];

const VIEWS = [
  "",
  "eventName=AssumeRole",
  "error=any&-region=us-east-1",
  "account=111100000002&readOnly=false",
  "sourceIp=10.0.0.0/8",
  "eventSource=s3.amazonaws.com&sort=principal",
];

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)]!;
}

function pickKind(): Kind {
  let r = Math.random() * 10;
  for (const { kind, weight } of MIX) {
    r -= weight;
    if (r < 0) return kind;
  }
  return "page";
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0
    ? NaN
    : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

async function main() {
  const users = option("users", 50);
  const seconds = option("seconds", 60);
  const thinkMs = option("think-ms", 1000);
  const events = option("events", 1_000_000);
  const storeArg = process.argv.indexOf("--store");
  const work = await mkdtemp(path.join(os.tmpdir(), "trailglass-load-"));
  const dataDir = storeArg > 0 ? process.argv[storeArg + 1]! : path.join(work, "data");
  let server: { base: string; stop: () => void } | null = null;
  try {
    if (storeArg < 0) {
      const store = await openStore(dataDir);
      console.log(
        `load: filled ${events.toLocaleString("en-US")} events in ${(await fill(store, events)).toFixed(0)} s`,
      );
      store.close();
    }
    server = await startProductionServer({ port: PORT, env: { TRAILGLASS_DATA: dataDir } });
    const base = server.base;
    // Event ids for permalinks, from the first pages of a few views.
    const ids: string[] = [];
    for (const view of VIEWS.slice(0, 3)) {
      const body = (await (
        await fetch(`${base}/api/events?${RANGE}&${view}&limit=200&raw=0`)
      ).json()) as {
        events: { id: string; time: string; account: string | null; region: string | null }[];
      };
      for (const e of body.events) {
        ids.push(
          `${encodeURIComponent(e.id)}?time=${e.time}&account=${e.account}&region=${e.region}`,
        );
      }
    }
    const url = (kind: Kind): string => {
      const view = pick(VIEWS);
      switch (kind) {
        case "page":
          return `${base}/api/events?${RANGE}&${view}&limit=100&raw=0`;
        case "facets":
          return `${base}/api/facets?${RANGE}&${view.replace(/&?sort=[^&]*/, "")}&top=10`;
        case "summary":
          return `${base}/api/summary?${RANGE}&${view.replace(/&?sort=[^&]*/, "")}`;
        case "permalink":
          return `${base}/api/events/${pick(ids)}`;
      }
    };

    const latencies = new Map<Kind, number[]>(MIX.map((m) => [m.kind, []]));
    const errors = new Map<string, number>();
    const deadline = performance.now() + seconds * 1000;
    const user = async (n: number) => {
      // Users start spread over the first think time.
      await new Promise((r) => setTimeout(r, (n / users) * thinkMs));
      while (performance.now() < deadline) {
        const kind = pickKind();
        const started = performance.now();
        try {
          const response = await fetch(url(kind));
          await response.arrayBuffer();
          if (!response.ok) {
            const key = `${kind} HTTP ${response.status}`;
            errors.set(key, (errors.get(key) ?? 0) + 1);
          } else latencies.get(kind)!.push(performance.now() - started);
        } catch (error) {
          const key = `${kind} ${(error as Error).message}`;
          errors.set(key, (errors.get(key) ?? 0) + 1);
        }
        await new Promise((r) => setTimeout(r, thinkMs * (0.5 + Math.random())));
      }
    };
    await Promise.all(Array.from({ length: users }, (_, n) => user(n)));

    const all = [...latencies.values()].flat().sort((a, b) => a - b);
    const errorCount = [...errors.values()].reduce((a, b) => a + b, 0);
    console.log(
      `load: ${users} users for ${seconds} s (think time ${thinkMs} ms ±50%), ${all.length + errorCount} requests, ${(all.length / seconds).toFixed(1)}/s`,
    );
    for (const [kind, ms] of latencies) {
      ms.sort((a, b) => a - b);
      console.log(
        `  ${kind.padEnd(9)} ${String(ms.length).padStart(5)} requests  p50 ${percentile(ms, 0.5).toFixed(0).padStart(5)} ms  p99 ${percentile(ms, 0.99).toFixed(0).padStart(5)} ms`,
      );
    }
    console.log(
      `  all       ${String(all.length).padStart(5)} requests  p50 ${percentile(all, 0.5).toFixed(0).padStart(5)} ms  p99 ${percentile(all, 0.99).toFixed(0).padStart(5)} ms`,
    );
    console.log(
      `  errors: ${errorCount}${errorCount ? ` (${[...errors].map(([k, n]) => `${k}: ${n}`).join("; ")})` : ""}`,
    );
  } finally {
    server?.stop();
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
