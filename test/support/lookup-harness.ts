import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import type { LookupStats } from "@/lib/sources/lookup/lookup-events-source";
import { openStore, type Store } from "@/lib/store/database";
import {
  type CloudTrailServerOptions,
  type CloudTrailTestServer,
  startCloudTrailServer,
} from "./cloudtrail-server";

/**
 * What the LookupEvents tests share: example credentials for the SDK, a
 * temporary folder, and per test the local CloudTrail endpoint (its address
 * where the SDK looks for it) and a fresh store; the endpoint is stopped and
 * the stores closed after each test. Call at the top of a test file.
 */
export function setUpCloudTrailEndpoint(folderPrefix: string) {
  let root = "";
  let server: CloudTrailTestServer | null = null;
  const stores: Store[] = [];

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), folderPrefix));
    process.env.AWS_ACCESS_KEY_ID = "AKIDEXAMPLE";
    process.env.AWS_SECRET_ACCESS_KEY = "secret";
  });

  afterEach(async () => {
    await server?.stop();
    server = null;
    for (const store of stores.splice(0)) store.close();
  });

  afterAll(async () => {
    delete process.env.AWS_ENDPOINT_URL_CLOUDTRAIL;
    await rm(root, { recursive: true, force: true });
  });

  return {
    /** The temporary folder (removed after the file's tests). */
    root: () => root,
    /** Starts the endpoint with `options` and opens an empty store. */
    async start(options: CloudTrailServerOptions) {
      server = await startCloudTrailServer(options);
      process.env.AWS_ENDPOINT_URL_CLOUDTRAIL = server.endpoint;
      const store = await openStore(await mkdtemp(path.join(root, "store-")));
      stores.push(store);
      return { store, server };
    },
  };
}

type Call = CloudTrailTestServer["calls"][number];

/** The calls the endpoint answered with events (a throttled call is answered with an error). */
export const answered = (calls: Call[]): Call[] => calls.filter((c) => !c.throttled);

/**
 * The endpoint throttles calls that arrive too close together, which a busy machine can
 * cause however well the source spaced them when it sent them; so how many calls were
 * throttled beyond those a test asks for is not fixed. What must hold: the source counted
 * every call and every throttled one, and sent each throttled call again, with the same
 * parameters, until it was answered.
 */
export function expectThrottledCallsRetried(server: CloudTrailTestServer, stats: LookupStats) {
  const throttled = server.calls.filter((c) => c.throttled);
  expect(stats).toEqual({ requests: server.calls.length, throttled: throttled.length });
  server.calls.forEach((call, i) => {
    if (!call.throttled) return;
    expect(answered(server.calls.slice(i + 1)).map((c) => c.body)).toContainEqual(call.body);
  });
}
