import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeRecord } from "@/test/support/reader-helpers";
import { emptyFilter, type EventFilter, type EventSort } from "@/lib/query/event-query";
import { openStore, type Store } from "@/lib/store/database";
import { eventFilterWhere } from "@/lib/store/event-filter-sql";
import { orderBySql } from "@/lib/store/event-order-sql";
import { storeRecordFiles } from "@/test/support/record-files";
import { FACET_FIELDS, FIELD_COLUMN } from "@/lib/cloudtrail/fields";
import { queryFacets } from "@/lib/store/facets";
import { queryEventPage } from "@/lib/store/query-events";

/**
 * Queries over a long range against the plain SQL they stand for. Pages look
 * into the nearest hours first (pageWindow): in time order, and sorted by a
 * column inside the time window of one value; events here span 100 hours, so
 * pages fall inside windows of 1, 8 and 64 hours, across them and across
 * values of the sort key. Facets are counted in shared passes over counted
 * rows or events (queryFacets); each must equal a count of its own.
 */

let dir = "";
let store: Store;

const START = Date.parse("2026-04-01T00:00:00.000Z");
/** An event every two minutes for 100 hours. */
const EVENTS = 3000;
const NAMES = [
  "DescribeInstances",
  "DescribeInstances",
  "DescribeInstances",
  "PutObject",
  "AssumeRole",
];

function row(i: number) {
  // Few users, so an hour holds several events of one kind (event_counts rows count more than one).
  const user = `user-${(i * 7) % 4}`;
  return makeRecord(i, {
    userIdentity: {
      type: "IAMUser",
      arn: `arn:aws:iam::123456789012:user/${user}`,
      userName: user,
    },
    eventName: NAMES[i % NAMES.length],
    eventTime: new Date(START + i * 120_000).toISOString(),
    awsRegion: i % 3 === 0 ? "us-east-1" : "eu-west-1",
    sourceIPAddress: i % 4 === 0 ? "ec2.amazonaws.com" : `198.51.100.${i % 23}`,
    ...(i % 37 === 0 ? { errorCode: i % 2 ? "AccessDenied" : "ThrottlingException" } : {}),
  });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "trailglass-pages-"));
  store = await openStore(dir);
  await storeRecordFiles(store, [
    { key: "a.json", records: Array.from({ length: EVENTS }, (_, i) => row(i)) },
  ]);
});

afterAll(async () => {
  store?.close();
  await rm(dir, { recursive: true, force: true });
});

const view = (overrides: Partial<EventFilter> = {}): EventFilter => ({
  ...emptyFilter({
    from: new Date(START).toISOString(),
    to: new Date(START + EVENTS * 120_000).toISOString(),
  }),
  ...overrides,
});

async function orderedIds(filter: EventFilter, sort: EventSort): Promise<string[]> {
  const where = eventFilterWhere(filter);
  const rows = await store.query<{ id: string }>(
    `SELECT id FROM events ${where.text} ORDER BY ${orderBySql(sort).text}`,
    where.params,
  );
  return rows.map((r) => r.id);
}

async function pagedIds(filter: EventFilter, sort: EventSort, limit: number): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await queryEventPage(store, filter, { limit, cursor, sort, records: false });
    seen.push(...page.events.map((e) => e.id));
    cursor = page.nextCursor;
  } while (cursor);
  return seen;
}

describe("pages of a long range", () => {
  it.each([
    { field: "time", descending: true },
    { field: "time", descending: false },
    { field: "eventName", descending: false },
    { field: "eventName", descending: true },
    { field: "errorCode", descending: true },
    { field: "principal", descending: false },
    { field: "region", descending: false },
    { field: "sourceIp", descending: true },
  ] as const)(
    "sorted by $field (descending: $descending): the ORDER BY, page after page",
    async (sort) => {
      const expected = await orderedIds(view(), sort);
      expect(expected).toHaveLength(EVENTS);
      for (const limit of [50, 400]) {
        expect(await pagedIds(view(), sort, limit)).toEqual(expected);
      }
    },
  );

  it.each([
    { name: "a sparse filter", filter: { error: "any" as const } },
    { name: "one Region", filter: { region: ["us-east-1"] } },
    // The counts do not keep addresses: the first page is found in the scan that counts it.
    { name: "an address block", filter: { sourceIp: ["198.51.100.0/28"] } },
    {
      name: "a short range",
      filter: {
        from: new Date(START + 30 * 3_600_000).toISOString(),
        to: new Date(START + 33 * 3_600_000 + 1_234).toISOString(),
      },
    },
  ])("with $name, sorted by time or a column", async ({ filter }) => {
    for (const sort of [
      { field: "time", descending: true },
      { field: "eventName", descending: false },
      { field: "region", descending: true },
    ] as const) {
      const expected = await orderedIds(view(filter), sort);
      expect(expected.length).toBeGreaterThan(0);
      expect(await pagedIds(view(filter), sort, 60)).toEqual(expected);
    }
  });

  it("counts the view on its first page only", async () => {
    const first = await queryEventPage(store, view(), { limit: 100, cursor: null });
    expect(first.total).toBe(EVENTS);
    const second = await queryEventPage(store, view(), { limit: 100, cursor: first.nextCursor });
    expect(second.total).toBeNull();
    expect(second.events).toHaveLength(100);
  });
});

describe("facets of a long range", () => {
  /** A field's counts with every filter but its own, by a GROUP BY of the events. */
  async function countsOf(filter: EventFilter, field: (typeof FACET_FIELDS)[number]) {
    const { [field]: _own, ...exclude } = filter.exclude;
    const where = eventFilterWhere({ ...filter, [field]: [], exclude });
    const column = FIELD_COLUMN[field];
    const rows = await store.query<{ value: string; n: number }>(
      `SELECT ${column} AS value, count(*)::INTEGER AS n FROM events ${where.text}
         ${where.text ? "AND" : "WHERE"} ${column} IS NOT NULL
         GROUP BY ${column} ORDER BY n DESC, value`,
      where.params,
    );
    return {
      values: rows.slice(0, 5).map((r) => ({ value: r.value, count: r.n })),
      distinct: rows.length,
    };
  }

  it.each([
    { name: "no filter", filter: {} },
    {
      name: "filters event_counts keeps",
      filter: { region: ["us-east-1"], error: "any" as const },
    },
    { name: "a filter on a field it does not keep", filter: { principal: ["user-3", "user-1"] } },
    {
      name: "an IP range",
      filter: { sourceIp: ["198.51.100.0/28"], exclude: { eventName: ["AssumeRole"] } },
    },
    { name: "free text", filter: { q: "putobject" } },
    {
      name: "part of an hour",
      filter: {
        from: new Date(START + 3_600_000 + 61_000).toISOString(),
        to: new Date(START + 5 * 3_600_000 + 7_000).toISOString(),
      },
    },
  ])("with $name: every field as counted alone", async ({ filter }) => {
    const facets = await queryFacets(store, view(filter), FACET_FIELDS, 5);
    for (const field of FACET_FIELDS) {
      expect(facets[field], field).toEqual(await countsOf(view(filter), field));
    }
    expect(facets.eventName!.distinct).toBeGreaterThan(0);
  });
});
