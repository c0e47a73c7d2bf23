import { describe, expect, it } from "vitest";
import { LoadManager } from "@/lib/load/load-manager";
import { createCloudTrailClient } from "@/lib/sources/lookup/cloudtrail-client";
import { LookupEventsSource } from "@/lib/sources/lookup/lookup-events-source";
import { RequestRateLimiter } from "@/lib/sources/lookup/request-rate-limiter";
import type { Store } from "@/lib/store/database";
import { EventWriter } from "@/lib/store/event-writer";
import { listProblems } from "@/lib/store/problems";
import { setUpCloudTrailEndpoint } from "./support/lookup-harness";
import { expectExactlyOnce } from "./support/exactly-once";

/**
 * LookupEvents throttled in the middle of reading a window (after its first pages), with
 * the local endpoint speaking the service's protocol (test/support/cloudtrail-server.ts)
 * and the real SDK client: the source backs off and goes on, or, past its attempts,
 * reports the window and reads it whole next time, with no event lost or doubled.
 */

const REGION = "ap-northeast-1";
const ACCOUNT = "222233334444";
const NOW = Date.parse("2026-12-10T00:00:00Z");
const RANGE = { from: "2026-12-08T10:00:00Z", to: "2026-12-08T10:59:59Z" };

/** 260 management events in one hour: six pages of LookupEvents. */
const records = Array.from({ length: 260 }, (_, n) => ({
  eventVersion: "1.11",
  userIdentity: { type: "IAMUser", userName: `user-${n % 5}`, accountId: ACCOUNT },
  eventTime: new Date(Date.UTC(2026, 11, 8, 10, n % 60, Math.floor(n / 60) * 10))
    .toISOString()
    .replace(".000Z", "Z"),
  eventSource: "sts.amazonaws.com",
  eventName: "GetCallerIdentity",
  awsRegion: REGION,
  sourceIPAddress: "198.51.100.20",
  eventID: `7a000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
  readOnly: true,
  eventType: "AwsApiCall",
  managementEvent: true,
  recipientAccountId: ACCOUNT,
  eventCategory: "Management",
}));
const ids = records.map((r) => r.eventID);

const endpoint = setUpCloudTrailEndpoint("trailglass-faults-lookup-");

/** Throttles the first `count` page requests that carry a NextToken (mid-window). */
function throttleMidWindow(count: number) {
  let left = count;
  return ({ body }: { body: Record<string, unknown> }) => {
    if (body.NextToken === undefined || left === 0) return false;
    left -= 1;
    return true;
  };
}

function setup(throttleWhen: ReturnType<typeof throttleMidWindow>) {
  return endpoint.start({ records: { [REGION]: records }, throttleWhen });
}

function source(maxAttempts?: number) {
  return new LookupEventsSource(createCloudTrailClient(REGION), REGION, {
    limiter: new RequestRateLimiter(550),
    now: () => NOW,
    maxAttempts,
  });
}

async function load(store: Store, from: LookupEventsSource) {
  const status = new LoadManager(store, new EventWriter(store), [from]).ensureRange(RANGE);
  await status.wait();
  return status;
}

describe("LookupEvents throttling", () => {
  it("throttled mid-window: backs off, goes on, and stores every event once", async () => {
    const { store, server } = await setup(throttleMidWindow(3));
    const lookup = source();
    const status = await load(store, lookup);
    expect(status.problems).toEqual([]);
    expect((await listProblems(store)).total).toBe(0);
    expect(lookup.apiCalls.throttled).toBe(3);
    expect(server.calls.filter((c) => c.throttled)).toHaveLength(3);
    await expectExactlyOnce(store, ids);
  });

  it("throttled past its attempts: the window is reported, and read whole next time", async () => {
    const { store, server } = await setup(throttleMidWindow(3));
    const first = await load(store, source(3));
    // The window stopped after its first page: reported against it, kept for a re-read.
    const { problems } = await listProblems(store);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ kind: "read-failed", file: "management/2026-12-08T10" });
    expect(problems[0]?.message).toMatch(/ThrottlingException/);
    expect(first.problems).toEqual([]);
    const partial = await store.query<{ n: string }>("SELECT count(*)::VARCHAR AS n FROM events");
    expect(Number(partial[0]?.n)).toBe(50);
    const registered = await store.query<{ key: string }>("SELECT key FROM loaded_files");
    expect(registered.map((r) => r.key)).not.toContain("management/2026-12-08T10");

    const callsBefore = server.calls.length;
    const second = await load(store, source(3));
    expect(second.problems).toEqual([]);
    expect((await listProblems(store)).total).toBe(0);
    // The whole window again: six pages.
    expect(
      server.calls.slice(callsBefore).filter((c) => c.body.EventCategory === undefined),
    ).toHaveLength(6);
    await expectExactlyOnce(store, ids);
  });
});
