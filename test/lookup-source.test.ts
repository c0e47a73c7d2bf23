import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LoadManager } from "@/lib/load/load-manager";
import { LocalFolderSource } from "@/lib/sources/local/local-folder-source";
import { createCloudTrailClient } from "@/lib/sources/lookup/cloudtrail-client";
import { LookupEventsSource } from "@/lib/sources/lookup/lookup-events-source";
import { RequestRateLimiter } from "@/lib/sources/lookup/request-rate-limiter";
import type { Store } from "@/lib/store/database";
import { EventWriter } from "@/lib/store/event-writer";
import { listProblems } from "@/lib/store/problems";
import { getEventById } from "@/lib/store/event-by-id";
import {
  answered,
  expectThrottledCallsRetried,
  setUpCloudTrailEndpoint,
} from "./support/lookup-harness";

/**
 * The LookupEvents source against a local endpoint speaking the service's
 * wire protocol and limits (test/support/cloudtrail-server.ts), through the
 * real SDK client configured by AWS_ENDPOINT_URL_CLOUDTRAIL.
 */

const REGION = "eu-west-1";
const ACCOUNT = "111122223333";
/** Long after the test data: every window is final. */
const NOW = Date.parse("2026-11-08T00:00:00Z");

function managementRecord(hour: number, n: number) {
  const id = `0000${hour}-0000-4000-8000-${String(n).padStart(12, "0")}`;
  return {
    eventVersion: "1.11",
    userIdentity: {
      type: "IAMUser",
      userName: `user-${n % 7}`,
      arn: `arn:aws:iam::${ACCOUNT}:user/user-${n % 7}`,
      accountId: ACCOUNT,
      accessKeyId: `AKIAEXAMPLE${n % 3}`,
    },
    eventTime: new Date(Date.UTC(2026, 10, 6, hour, Math.floor(n / 10) % 60, n % 60))
      .toISOString()
      .replace(".000Z", "Z"),
    eventSource: "iam.amazonaws.com",
    eventName: n % 2 ? "ListUsers" : "CreateUser",
    awsRegion: REGION,
    sourceIPAddress: "198.51.100.1",
    userAgent: "aws-cli/2.22.0",
    requestID: `req-${id}`,
    eventID: id,
    readOnly: n % 2 === 1,
    eventType: "AwsApiCall",
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: "Management",
  };
}

const dataRecord = {
  ...managementRecord(10, 9999),
  eventID: "data-0000-4000-8000-000000000001",
  eventSource: "s3.amazonaws.com",
  eventName: "GetObject",
  managementEvent: false,
  eventCategory: "Data",
};
const insightRecord = {
  eventVersion: "1.08",
  eventTime: "2026-11-06T10:30:00Z",
  awsRegion: REGION,
  eventID: "insight-0000-4000-8000-000000000001",
  eventType: "AwsCloudTrailInsight",
  recipientAccountId: ACCOUNT,
  sharedEventID: "shared-insight-1",
  insightDetails: {
    state: "Start",
    eventSource: "iam.amazonaws.com",
    eventName: "CreateUser",
    insightType: "ApiCallRateInsight",
  },
  eventCategory: "Insight",
};

/** 230 management events at 10:xx (five pages), 40 in each of 11:xx..13:xx. */
const hour10 = Array.from({ length: 230 }, (_, n) => managementRecord(10, n));
const laterHours = [11, 12, 13].flatMap((h) =>
  Array.from({ length: 40 }, (_, n) => managementRecord(h, n)),
);
const records = [...hour10, ...laterHours, dataRecord, insightRecord];

const hourRange = (h: number) => ({
  from: `2026-11-06T${h}:00:00Z`,
  to: `2026-11-06T${h}:59:59Z`,
});

const endpoint = setUpCloudTrailEndpoint("trailglass-lookup-");
const isInsightCall = (call: { body: Record<string, unknown> }) =>
  call.body.EventCategory === "insight";

async function setup(options: { throttleFirst?: number; ratePerSecond?: number } = {}) {
  const { store, server } = await endpoint.start({ records: { [REGION]: records }, ...options });
  const limiter = new RequestRateLimiter(1100 / (options.ratePerSecond ?? 2));
  const source = new LookupEventsSource(createCloudTrailClient(REGION), REGION, {
    limiter,
    now: () => NOW,
  });
  return { store, source, limiter, server };
}

const countEvents = async (store: Store, where = "TRUE") =>
  Number(
    (
      await store.query<{ n: string }>(`SELECT count(*)::VARCHAR AS n FROM events WHERE ${where}`)
    )[0]?.n,
  );

describe("LookupEvents source", () => {
  it("reads every page of a window to the end, management and Insights, never data events", async () => {
    const { store, source, server } = await setup();
    const loads = new LoadManager(store, new EventWriter(store), [source]);
    const status = loads.ensureRange(hourRange(10));
    await status.wait();

    expect(status.problems).toEqual([]);
    expect(await countEvents(store, "category = 'Management'")).toBe(230);
    expect(await countEvents(store, "category = 'Insight'")).toBe(1);
    expect(await countEvents(store, `id = '${dataRecord.eventID}'`)).toBe(0);
    const event = await getEventById(store, hour10[123]!.eventID);
    expect(event?.origins).toEqual([
      { kind: "lookup", source: `lookup:${REGION}`, key: "management/2026-11-06T10" },
    ]);
    expect(event?.raw).toEqual(hour10[123]);
    // 230 events = 5 pages of 50, each token used with the same parameters; one Insights call.
    const management = answered(server.calls).filter((c) => c.body.EventCategory === undefined);
    expect(management.map((c) => c.body.MaxResults)).toEqual([50, 50, 50, 50, 50]);
    expect(answered(server.calls).filter(isInsightCall)).toHaveLength(1);
    expectThrottledCallsRetried(server, source.apiCalls);

    // Final windows are not read again.
    const before = server.calls.length;
    await new LoadManager(store, new EventWriter(store), [source])
      .ensureRange(hourRange(10))
      .wait();
    expect(server.calls.length).toBe(before);
  });

  it("survives throttling with nothing lost", async () => {
    const { store, source, server } = await setup({ throttleFirst: 3 });
    const loads = new LoadManager(store, new EventWriter(store), [source]);
    const status = loads.ensureRange(hourRange(10));
    await status.wait();
    expect(status.problems).toEqual([]);
    // The three calls throttled on purpose (a busy machine may add more: see below).
    expect(server.calls.slice(0, 3).map((c) => c.throttled)).toEqual([true, true, true]);
    expect(source.apiCalls.throttled).toBeGreaterThanOrEqual(3);
    expectThrottledCallsRetried(server, source.apiCalls);
    expect(await countEvents(store)).toBe(231);
  });

  it("keeps to 2 requests per second with several users loading at once", async () => {
    const { store, source, limiter, server } = await setup();
    // Three users, three ranges, one server-wide limiter for the Region.
    const users = [11, 12, 13].map(() => new LoadManager(store, new EventWriter(store), [source]));
    const start = Date.now();
    await Promise.all(users.map((loads, i) => loads.ensureRange(hourRange(11 + i)).wait()));
    expect(await countEvents(store)).toBe(120 + 1);
    expect(server.calls.length).toBeGreaterThanOrEqual(6);
    // The limiter hands out one start every 550 ms to the three users together; a call
    // arrives at or after its start (a busy machine only delays it), so the k-th call to
    // arrive came k spacings after the loads began at the earliest (2 ms: clock granularity).
    const arrivals = server.calls.map((c) => c.at).sort((a, b) => a - b);
    arrivals.forEach((at, k) =>
      expect(at).toBeGreaterThanOrEqual(start + k * limiter.spacingMs - 2),
    );
    expectThrottledCallsRetried(server, source.apiCalls);
  });

  it("reads a range asked for during a longer load first, and answers once it is in", async () => {
    const { store, source, server } = await setup();
    const loads = new LoadManager(store, new EventWriter(store), [source]);
    const wide = loads.ensureRange({ from: "2026-11-06T10:00:00Z", to: "2026-11-06T13:59:59Z" });
    const narrow = loads.ensureRange(hourRange(10));
    await narrow.wait();

    // Newest first would start with 13:00; the hour asked for went first.
    expect(server.calls[0]?.body.StartTime).toBe(Date.parse("2026-11-06T10:00:00Z") / 1000);
    expect(narrow.complete).toBe(true);
    expect(
      await countEvents(store, "time >= '2026-11-06 10:00:00' AND time < '2026-11-06 11:00:00'"),
    ).toBe(230 + 1); // and the Insight at 10:30
    await wide.wait();
    expect(wide.complete).toBe(true);
    expect(await countEvents(store)).toBe(230 + 120 + 1);
  });

  it("merges an event read from a trail file and from LookupEvents into one row with both origins", async () => {
    const { store, source } = await setup();
    const dir = path.join(
      endpoint.root(),
      "trail",
      "AWSLogs",
      ACCOUNT,
      "CloudTrail",
      REGION,
      "2026",
      "11",
      "06",
    );
    await mkdir(dir, { recursive: true });
    await writeFile(
      path.join(dir, `${ACCOUNT}_CloudTrail_${REGION}_20261106T1105Z_merge0000000001.json`),
      JSON.stringify({ Records: [...hour10.slice(0, 20), dataRecord] }),
    );
    const folder = new LocalFolderSource(path.join(endpoint.root(), "trail"));
    const loads = new LoadManager(store, new EventWriter(store), [folder, source]);
    const status = loads.ensureRange(hourRange(10));
    await status.wait();

    expect(status.problems).toEqual([]);
    // 230 from LookupEvents (20 of them also in the file) + the data event + the Insight.
    expect(await countEvents(store)).toBe(232);
    const both = await getEventById(store, hour10[7]!.eventID);
    expect(both?.origins.map((o) => o.kind).sort()).toEqual(["local", "lookup"]);
    const onlyTrail = await getEventById(store, dataRecord.eventID);
    expect(onlyTrail?.origins.map((o) => o.kind)).toEqual(["local"]);
  });

  it("sends the filter's most selective attribute to LookupEvents and applies the rest in the store", async () => {
    const { store, source, server } = await setup();
    const loads = new LoadManager(store, new EventWriter(store), [source]);
    const filter = {
      ...hourRange(10),
      eventName: ["CreateUser"],
      eventSource: ["iam.amazonaws.com"],
      principal: ["user-3"],
    };
    const status = loads.ensureRange(filter);
    expect(status.progress.sources).toMatchObject([
      { source: `lookup:${REGION}`, kind: "lookup", filesDone: 0, requests: 0 },
    ]);
    await status.wait();

    expect(status.problems).toEqual([]);
    // One day-long filtered window per category: 175 CreateUser calls that day = 4 pages.
    for (const call of server.calls) {
      expect(call.body.LookupAttributes).toEqual([
        { AttributeKey: "EventName", AttributeValue: "CreateUser" },
      ]);
    }
    expect(answered(server.calls)).toHaveLength(5);
    expect(answered(server.calls).filter(isInsightCall)).toHaveLength(1);
    expectThrottledCallsRetried(server, source.apiCalls);
    expect(await countEvents(store, "event_name = 'CreateUser' AND category = 'Management'")).toBe(
      115 + 3 * 20,
    );
    expect(await countEvents(store, "event_name <> 'CreateUser'")).toBe(0);
    expect(await countEvents(store, "category = 'Insight'")).toBe(1);
    expect(status.progress.sources).toEqual([]);
  });

  it("skips a filtered read when the unfiltered windows of that day are all loaded", async () => {
    const { store, source, server } = await setup({ ratePerSecond: 20 });
    const loads = new LoadManager(store, new EventWriter(store), [source]);
    const day = { from: "2026-11-06T00:00:00Z", to: "2026-11-06T23:59:59Z" };
    await loads.ensureRange(day).wait();
    expect(await countEvents(store)).toBe(351);
    // 20 of the 24 hours are empty: quiet windows, not problems.
    expect((await listProblems(store, 10)).total).toBe(0);
    const before = server.calls.length;

    const filtered = loads.ensureRange({ ...day, eventName: ["ListUsers"] });
    await filtered.wait();
    // Both categories were read whole: neither filtered window is read.
    expect(server.calls.length).toBe(before);
    expect(filtered.complete).toBe(true);

    // Data events only: Event history has none to give.
    const data = loads.ensureRange({ ...day, category: ["Data"] });
    await data.wait();
    expect(server.calls.length).toBe(before);
  });
});
