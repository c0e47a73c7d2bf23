import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeRecord } from "@/test/support/reader-helpers";
import { emptyFilter, type EventFilter } from "@/lib/query/event-query";
import { countedEventsSql, countsCover, wholeHours } from "./counted-events";
import { openStore, type Store } from "./database";
import { eventFilterWhere } from "./event-filter-sql";
import { storeRecordFiles } from "@/test/support/record-files";
import { COUNTED_COLUMNS } from "./schema";
import { tidyStore } from "./tidy";

/**
 * event_counts against the events they count: whatever the range (whole
 * hours, parts of hours, a bound on an event's exact time) and the filter,
 * the counted rows add up to what a count of the events says.
 */

let dir = "";
let store: Store;

const START = Date.parse("2026-03-01T00:00:00.000Z");
const HOUR = 3_600_000;
/** Events every minute (some on the hour) over ten hours by two users, some failing, in two Regions. */
const TIMES = Array.from({ length: 600 }, (_, i) => START + i * 60_000);

function record(i: number) {
  return makeRecord(i, {
    userIdentity: {
      type: "IAMUser",
      arn: `arn:aws:iam::123456789012:user/${i % 4 < 2 ? "ana" : "bo"}`,
      userName: i % 4 < 2 ? "ana" : "bo",
    },
    eventTime: new Date(TIMES[i]!).toISOString(),
    awsRegion: i % 3 === 0 ? "us-east-1" : "eu-west-1",
    ...(i % 5 === 0 ? { errorCode: "AccessDenied", errorMessage: "no" } : {}),
  });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "trailglass-counted-"));
  store = await openStore(dir);
  // Two files that overlap (events 300-399 delivered twice, in other transactions), and
  // a file repeating an event within itself: each event must be counted once.
  await storeRecordFiles(
    store,
    [{ key: "a.json", records: TIMES.slice(0, 400).map((_, i) => record(i)) }],
    {
      segmentRows: 10,
      commitRows: 10,
    },
  );
  await storeRecordFiles(
    store,
    [{ key: "b.json", records: [...TIMES.slice(300).map((_, k) => record(300 + k)), record(500)] }],
    { segmentRows: 10, commitRows: 10 },
  );
});

afterAll(async () => {
  store.close();
  await rm(dir, { recursive: true, force: true });
});

const iso = (ms: number) => new Date(ms).toISOString();

async function countedTotal(filter: EventFilter): Promise<number> {
  const counted = countedEventsSql(filter, []);
  const [row] = await store.query<{ n: string }>(
    `SELECT coalesce(sum(n), 0)::VARCHAR AS n FROM ${counted.text}`,
    counted.params,
  );
  return Number(row!.n);
}

async function eventTotal(filter: EventFilter): Promise<number> {
  const where = eventFilterWhere(filter);
  const [row] = await store.query<{ n: string }>(
    `SELECT count(*)::VARCHAR AS n FROM events ${where.text}`,
    where.params,
  );
  return Number(row!.n);
}

const RANGES: [string, number, number][] = [
  ["whole hours", START, START + 10 * HOUR],
  ["parts of hours at both ends", START + 1_000, START + 9 * HOUR + 123_456],
  ["less than an hour", START + 2 * HOUR + 60_000, START + 2 * HOUR + 1_900_000],
  // Both bounds on an event's exact time (inclusive), one of them on an hour.
  ["bounds on events' times", TIMES[3]!, TIMES[555]!],
  ["ending on an hour", START + 30 * 60_000, START + 5 * HOUR],
  ["an empty stretch", START + 20 * HOUR, START + 30 * HOUR],
];

describe("countedEventsSql", () => {
  it("holds each stored event once, however often it was delivered", async () => {
    const [row] = await store.query<{ events: string; counted: string }>(
      `SELECT (SELECT count(*) FROM events)::VARCHAR AS events,
              (SELECT sum(n) FROM event_counts)::VARCHAR AS counted`,
    );
    expect(row).toEqual({ events: String(TIMES.length), counted: String(TIMES.length) });
  });

  it("keeps one row per hour and combination once tidied, whichever transactions brought the events", async () => {
    const rows = async () =>
      (
        await store.query<{ rows: string; combinations: string }>(
          `SELECT (SELECT count(*) FROM event_counts)::VARCHAR AS rows,
                  (SELECT count(*) FROM (
                     SELECT date_trunc('hour', time), ${COUNTED_COLUMNS.join(", ")}
                     FROM events GROUP BY ALL))::VARCHAR AS combinations`,
        )
      )[0]!;
    const filter = emptyFilter({ from: iso(START), to: iso(START + 10 * HOUR) });
    // Transactions of 10 events: most combinations came in several, each adding its rows.
    const before = await rows();
    expect(Number(before.combinations)).toBeLessThan(TIMES.length / 2);
    expect(Number(before.rows)).toBeGreaterThan(Number(before.combinations));
    const total = await countedTotal(filter);
    await tidyStore(store);
    const after = await rows();
    expect(after.rows).toBe(after.combinations);
    expect(await countedTotal(filter)).toBe(total);
  });

  for (const [name, from, to] of RANGES) {
    it(`adds up to the events' count: ${name}`, async () => {
      const range = { from: iso(from), to: iso(to) };
      const filters: EventFilter[] = [
        emptyFilter(range),
        { ...emptyFilter(range), eventName: ["PutObject"] },
        { ...emptyFilter(range), exclude: { region: ["us-east-1"] }, error: "any" },
        { ...emptyFilter(range), errorCode: ["AccessDenied"], readOnly: false },
        // Not kept by event_counts: read from the events alone.
        { ...emptyFilter(range), sourceIp: ["203.0.113.0/24"] },
      ];
      for (const filter of filters) {
        expect(await countedTotal(filter), JSON.stringify(filter)).toBe(await eventTotal(filter));
      }
      const expectedAll = TIMES.filter((t) => t >= from && t <= to).length;
      expect(await eventTotal(emptyFilter(range))).toBe(expectedAll);
    });
  }

  it("counts per value like the events: the grouped sums match", async () => {
    const filter = emptyFilter({ from: iso(START + 1_000), to: iso(START + 8 * HOUR + 5) });
    const counted = countedEventsSql(filter, ["region", "error_code"]);
    const fromCounts = await store.query(
      `SELECT region, error_code, sum(n)::VARCHAR AS n, strftime(min(first_time), '%xT%X') AS first,
              strftime(max(last_time), '%xT%X') AS last
       FROM ${counted.text} GROUP BY ALL ORDER BY ALL`,
      counted.params,
    );
    const where = eventFilterWhere(filter);
    const fromEvents = await store.query(
      `SELECT region, error_code, count(*)::VARCHAR AS n, strftime(min(time), '%xT%X') AS first,
              strftime(max(time), '%xT%X') AS last
       FROM events ${where.text} GROUP BY ALL ORDER BY ALL`,
      where.params,
    );
    expect(fromCounts.length).toBeGreaterThan(2);
    expect(fromCounts).toEqual(fromEvents);
  });

  it("reads event_counts only for what it keeps, over whole hours", () => {
    const range = { from: iso(START + 1_000), to: iso(START + 5 * HOUR) };
    expect(countedEventsSql(emptyFilter(range), ["region"]).text).toContain("event_counts");
    expect(countedEventsSql(emptyFilter(range), ["principal"]).text).not.toContain("event_counts");
    expect(countsCover({ ...emptyFilter(range), sourceIp: ["10.0.0.0/8"] })).toBe(false);
    expect(countsCover({ ...emptyFilter(range), q: "x" })).toBe(false);
    expect(countsCover({ ...emptyFilter(range), exclude: { resource: ["b"] } })).toBe(false);
    expect(countsCover({ ...emptyFilter(range), actor: ["a"], error: "none" })).toBe(true);
    expect(wholeHours(range.from, range.to)).toEqual({
      start: START + HOUR,
      end: START + 5 * HOUR,
    });
    expect(wholeHours(iso(START + 60_000), iso(START + HOUR - 1))).toBeNull();
  });
});
