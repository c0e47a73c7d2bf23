/**
 * The simulated users of the load test (bench/load-test.ts): each works like
 * someone at the events page: opens a view (a random time range and filter,
 * so no two views are alike and no cache can flatter the figures), scrolls
 * it, reads its facets or its summary, opens one of its events by permalink,
 * then thinks for a moment. Requests are what the UI sends (1,000-row pages
 * without records, the nine facets of the panel).
 */
import { PANEL_FACETS } from "../lib/cloudtrail/fields";
import { FACET_TOP, FIRST_PAGE_ROWS, PAGE_ROWS } from "../lib/query/events-page";
import { Rng } from "../lib/sample/prng";
import { ACCOUNTS, REGIONS, SPAN_MS, START } from "./generated-store";

export type Kind = "page" | "facets" | "summary" | "permalink";

/** What a user asks for, with weights (out of 10). */
const MIX: { kind: Kind; weight: number }[] = [
  { kind: "page", weight: 5 },
  { kind: "facets", weight: 2 },
  { kind: "summary", weight: 1 },
  { kind: "permalink", weight: 2 },
];

const HOUR_MS = 3_600_000;
/** Widths of the views' time ranges: the presets, and the whole span. */
const WIDTHS_MS = [HOUR_MS, 6 * HOUR_MS, 24 * HOUR_MS, SPAN_MS];

/** Filters a view may combine (none, one or two of them). */
const FILTERS: ((rand: Random) => string)[] = [
  (r) => `eventName=${pick(r, ["AssumeRole", "GetObject", "PutObject", "Decrypt", "ListRoles"])}`,
  (r) => `account=${pick(r, ACCOUNTS)}`,
  (r) => `-region=${pick(r, REGIONS)}`,
  (r) => `region=${pick(r, REGIONS)}`,
  () => "error=any",
  () => "readOnly=false",
  () => "sourceIp=10.0.0.0/8",
  (r) => `actorType=${pick(r, ["person", "role", "iam-user", "service"])}`,
  (r) => `eventSource=${pick(r, ["s3.amazonaws.com", "iam.amazonaws.com", "sts.amazonaws.com"])}`,
  () => "userAgent=boto3",
];
const SORTS = ["-time", "-time", "-time", "principal", "eventName", "-errorCode"];

type Random = () => number;

/** A seeded generator (the sample's mulberry32): each user asks for the same views, in the same order, in every run. */
function seededRandom(seed: number): Random {
  const rng = new Rng(seed);
  return () => rng.next();
}

function pick<T>(rand: Random, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)]!;
}

function pickKind(rand: Random): Kind {
  let r = rand() * 10;
  for (const { kind, weight } of MIX) {
    r -= weight;
    if (r < 0) return kind;
  }
  return "page";
}

/** A view as the page's URL has it: an exact time range (to the second), a filter and a sort. */
function randomView(rand: Random): { filter: string; sort: string } {
  const width = pick(rand, WIDTHS_MS);
  const end = START + width + Math.floor(rand() * (SPAN_MS - width + 1));
  const to = new Date(Math.floor(end / 1000) * 1000);
  const params = [`from=${new Date(to.getTime() - width).toISOString()}`, `to=${to.toISOString()}`];
  // Two different filters at most (error= and readOnly= may be given once).
  const first = Math.floor(rand() * FILTERS.length);
  const second = (first + 1 + Math.floor(rand() * (FILTERS.length - 1))) % FILTERS.length;
  const filters = Math.floor(rand() * 3);
  for (const i of [first, second].slice(0, filters)) params.push(FILTERS[i]!(rand));
  return { filter: params.join("&"), sort: pick(rand, SORTS) };
}

export function percentile(sorted: number[], p: number): number {
  return sorted.length === 0
    ? NaN
    : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

interface ListedEvent {
  id: string;
  time: string;
}

/** The page's cursor, read from its text: it follows the events. */
function nextCursorOf(page: string): string | null {
  const tail = page.slice(page.lastIndexOf('"nextCursor":'));
  const cursor = /^"nextCursor":("(?:[^"\\]|\\.)*"|null)/.exec(tail)?.[1];
  return cursor === undefined ? null : (JSON.parse(cursor) as string | null);
}

/** The first events of a page's text (DuckDB writes each event's time and id first). */
function eventsOf(page: string): ListedEvent[] {
  const found: ListedEvent[] = [];
  for (const m of page.slice(0, 20_000).matchAll(/\{"time":"([^"]+)","id":("(?:[^"\\]|\\.)*")/g)) {
    found.push({ id: JSON.parse(m[2]!) as string, time: m[1]! });
  }
  return found;
}

/** What a phase of browsing users measured: latencies per kind of request, and errors. */
export interface BrowsingFigures {
  users: number;
  seconds: number;
  latencies: Map<Kind, number[]>;
  errors: Map<string, number>;
}

/**
 * One phase: `users` users thinking `thinkMs` for `seconds`; `headers(n)` go
 * with every request of user `n` (their session cookie).
 */
export async function browse(
  base: string,
  options: {
    users: number;
    seconds: number;
    thinkMs: number;
    seed: number;
    headers?: (user: number) => Record<string, string>;
  },
): Promise<BrowsingFigures> {
  const { users, seconds, thinkMs, seed } = options;
  const latencies = new Map<Kind, number[]>(MIX.map((m) => [m.kind, []]));
  const errors = new Map<string, number>();
  const deadline = performance.now() + seconds * 1000;
  /** The body's text (parsing a 1 MB page would cost this machine's CPU, which the server needs). */
  const request = async (n: number, kind: Kind, url: string): Promise<string | null> => {
    const started = performance.now();
    try {
      const response = await fetch(`${base}${url}`, { headers: options.headers?.(n) });
      const body = await response.text();
      if (!response.ok) {
        const key = `${kind} HTTP ${response.status}`;
        errors.set(key, (errors.get(key) ?? 0) + 1);
        return null;
      }
      latencies.get(kind)!.push(performance.now() - started);
      return body;
    } catch (error) {
      const key = `${kind} ${(error as Error).message}`;
      errors.set(key, (errors.get(key) ?? 0) + 1);
      return null;
    }
  };

  const user = async (n: number) => {
    const rand = seededRandom(seed * 100_003 + thinkMs * 7 + n);
    // Users start spread over the first think time.
    await new Promise((r) => setTimeout(r, (n / users) * thinkMs));
    let view = randomView(rand);
    let cursor: string | null = null;
    let seen: ListedEvent[] = [];
    while (performance.now() < deadline) {
      let kind = pickKind(rand);
      if (kind === "permalink" && seen.length === 0) kind = "page";
      switch (kind) {
        case "page": {
          // Half the pages scroll the view further, half open a new view.
          const scroll = cursor !== null && rand() < 0.5;
          if (!scroll) view = randomView(rand);
          const body = await request(
            n,
            "page",
            `/api/events?${view.filter}&sort=${view.sort}&limit=${scroll ? PAGE_ROWS : FIRST_PAGE_ROWS}&raw=0` +
              (scroll ? `&cursor=${encodeURIComponent(cursor!)}` : ""),
          );
          cursor = body ? nextCursorOf(body) : null;
          const listed = body ? eventsOf(body) : [];
          if (listed.length > 0) seen = listed;
          break;
        }
        case "facets":
          await request(
            n,
            "facets",
            `/api/facets?${view.filter}&${PANEL_FACETS.map((f) => `field=${f}`).join("&")}&top=${FACET_TOP}`,
          );
          break;
        case "summary":
          await request(n, "summary", `/api/summary?${view.filter}`);
          break;
        case "permalink": {
          // As a shared link has it: the id and the time hint that finds it again.
          const e = pick(rand, seen);
          await request(n, "permalink", `/api/events/${encodeURIComponent(e.id)}?time=${e.time}`);
          break;
        }
      }
      await new Promise((r) => setTimeout(r, thinkMs * (0.5 + rand())));
    }
  };
  await Promise.all(Array.from({ length: users }, (_, n) => user(n)));
  return { users, seconds, latencies, errors };
}

/** Prints a phase's figures: requests per second, p50/p99 per kind and in all, errors. */
export function printFigures(title: string, figures: BrowsingFigures): void {
  const { seconds, latencies, errors } = figures;
  const all = [...latencies.values()].flat().sort((a, b) => a - b);
  const errorCount = [...errors.values()].reduce((a, b) => a + b, 0);
  console.log(
    `${title}, ${all.length + errorCount} requests, ${(all.length / seconds).toFixed(1)}/s`,
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
}
