import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findTimeline } from "@/lib/events-service";
import { emptyFilter, type EventFilter, type TimeRange } from "@/lib/query/event-query";
import { timelineResponseSchema } from "@/lib/query/timeline-response";
import { parseEventQuery } from "@/lib/query/view-params";
import type { SampleManifest } from "@/lib/sample";
import type { Store } from "@/lib/store/database";
import { queryTimeline } from "@/lib/summary/query-timeline";
import { loadSample, type LoadedSample } from "./support/loaded-sample";

/**
 * The events page's histogram (`/api/timeline`): the store's bucketed GROUP
 * BY over the view's filter, on the sample trail in a real store, checked
 * bucket by bucket against counts made here from the trail's own records.
 */

type RawRecord = Record<string, unknown>;

let sample: LoadedSample;
let manifest: SampleManifest;
let store: Store;
/** Each distinct event once. */
const events: RawRecord[] = [];

const time = (r: RawRecord) => Date.parse(String(r.eventTime));
const failed = (r: RawRecord) =>
  typeof r.errorCode === "string" ||
  Object.values((r.responseElements as RawRecord | null) ?? {}).includes("Failure");
const wholeRange = (): TimeRange => ({ from: manifest.span.from, to: manifest.span.to });

/** Events and errors per bucket start, counted from the records (an event at `to` joins the last bucket). */
function expectedBuckets(records: RawRecord[], range: TimeRange, bucketSeconds: number) {
  const step = bucketSeconds * 1000;
  const from = Date.parse(range.from);
  const to = Date.parse(range.to);
  const last = Math.floor(Math.max(from, to - 1) / step) * step;
  const out = new Map<number, { events: number; errors: number }>();
  for (const r of records) {
    const t = time(r);
    if (t < from || t > to) continue;
    const start = Math.min(Math.floor(t / step) * step, last);
    const n = out.get(start) ?? { events: 0, errors: 0 };
    n.events += 1;
    if (failed(r)) n.errors += 1;
    out.set(start, n);
  }
  return out;
}

async function checkAgainstRecords(filter: EventFilter, records: RawRecord[]) {
  const timeline = await queryTimeline(store, filter);
  const expected = expectedBuckets(records, filter, timeline.bucketSeconds);
  expect(timeline.buckets.length).toBeLessThanOrEqual(100);
  let matched = 0;
  for (const b of timeline.buckets) {
    const events = Object.values(b.byCategory).reduce((n, v) => n + v, 0);
    const want = expected.get(Date.parse(b.start)) ?? { events: 0, errors: 0 };
    expect({ start: b.start, events, errors: b.errors }).toEqual({ start: b.start, ...want });
    matched += events;
  }
  // No event fell outside the buckets.
  expect(matched).toBe([...expected.values()].reduce((n, v) => n + v.events, 0));
  return { timeline, matched };
}

beforeAll(async () => {
  sample = await loadSample("histogram");
  ({ manifest, store } = sample);
  events.push(...sample.events);
}, 120_000);

afterAll(() => sample?.close());

describe("the events histogram over the sample trail", () => {
  it("puts every event of the range in its bucket, by category, with its errors", async () => {
    const { timeline, matched } = await checkAgainstRecords(emptyFilter(wholeRange()), events);
    expect(matched).toBe(manifest.distinctEvents);
    expect(timeline.bucketSeconds).toBe(3 * 3600);
    for (const category of ["Management", "Data", "Insight", "NetworkActivity"] as const) {
      const sum = timeline.buckets.reduce((n, b) => n + b.byCategory[category], 0);
      expect(sum, category).toBe(manifest.byCategory[category]);
    }
  });

  it("counts a range with partial hours at both ends (hourly counts inside, events at the ends)", async () => {
    const range = { from: "2026-11-02T05:31:12.000Z", to: "2026-11-06T20:10:45.000Z" };
    const { timeline } = await checkAgainstRecords(emptyFilter(range), events);
    expect(timeline.bucketSeconds % 3600).toBe(0);
  });

  it("counts only what the view's filter selects (an address, read from the events)", async () => {
    const ip = manifest.incident.sourceIp;
    const range = { from: "2026-11-04T02:00:00.000Z", to: "2026-11-04T04:00:00.000Z" };
    const { timeline, matched } = await checkAgainstRecords(
      { ...emptyFilter(range), sourceIp: [ip] },
      events.filter((r) => r.sourceIPAddress === ip),
    );
    expect(timeline.bucketSeconds).toBe(5 * 60);
    expect(matched).toBeGreaterThan(100);
    // The incident's downloads are data events; its denied calls are errors.
    expect(timeline.buckets.some((b) => b.byCategory.Data > 0)).toBe(true);
    expect(timeline.buckets.some((b) => b.errors > 0)).toBe(true);
  });

  it("counts exclusions and failed calls as the table filters them", async () => {
    const filter: EventFilter = {
      ...emptyFilter(wholeRange()),
      error: "any",
      exclude: { category: ["Insight"] },
    };
    const records = events.filter(
      (r) => failed(r) && r.eventType !== "AwsCloudTrailInsight" && r.eventCategory !== "Insight",
    );
    const { timeline, matched } = await checkAgainstRecords(filter, records);
    expect(matched).toBeGreaterThan(0);
    expect(timeline.buckets.every((b) => b.byCategory.Insight === 0)).toBe(true);
  });

  it("answers /api/timeline's shape through the service", async () => {
    const query = parseEventQuery(new URLSearchParams("wait=1&category=Data"), wholeRange());
    if (!query.ok) throw new Error(query.errors.join("; "));
    const response = timelineResponseSchema.parse(await findTimeline(sample.app(), query.value));
    expect(response.complete).toBe(true);
    expect(response.range).toEqual(wholeRange());
    const data = response.timeline.buckets.reduce((n, b) => n + b.byCategory.Data, 0);
    expect(data).toBe(manifest.byCategory.Data);
    expect(response.timeline.buckets.every((b) => b.byCategory.Management === 0)).toBe(true);
  });
});
