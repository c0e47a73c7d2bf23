import type { AthenaClient } from "@aws-sdk/client-athena";
import { CreateBucketCommand, type S3Client } from "@aws-sdk/client-s3";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AthenaSearches } from "@/lib/athena/athena-searches";
import { cloudTrailDdl } from "@/lib/athena/cloudtrail-ddl";
import { trinoString } from "@/lib/athena/trino-literal";
import { type AthenaSettings, parseAthenaSettings } from "@/lib/athena/athena-settings";
import { LoadManager } from "@/lib/load/load-manager";
import { emptyFilter, type EventFilter } from "@/lib/query/event-query";
import { generateSampleTrail, type SampleManifest } from "@/lib/sample";
import { S3TrailSource } from "@/lib/sources/s3/s3-trail-source";
import { openStore, type Store } from "@/lib/store/database";
import { eventFilterSql } from "@/lib/store/event-filter-sql";
import { EventWriter } from "@/lib/store/event-writer";
import { storeTotals } from "@/lib/store/loaded-files";
import { sql } from "@/lib/store/sql";
import type { Trailglass } from "@/lib/trailglass";
import { ensureView } from "@/lib/view-loading";
import {
  startAthenaServer,
  type AthenaServerOptions,
  type AthenaTestServer,
} from "./support/athena-server";
import {
  appWithAthena,
  athenaSearchesVia,
  athenaViewQuery,
  localAthenaClient,
} from "./support/local-athena";
import { s3ClientFor, startS3Server, uploadFolder } from "./support/s3-server";

/**
 * Views through Athena against a local Athena endpoint that runs the SQL over
 * the trail files of a local S3 server (the bundled sample under a prefix):
 * each kind of filter gives the events a full load of the bucket gives, while
 * reading only the files Athena names; partitions are pruned; hostile values
 * stay literals; large answers are paged; a search can be cancelled; each
 * failure is named.
 */

const BUCKET = "acme-trail";
const PREFIX = "org";
/** Two days of the sample (three delivery days). */
const RANGE = { from: "2026-11-03T00:00:00.000Z", to: "2026-11-04T23:59:59.000Z" };

let root = "";
let s3Server: Awaited<ReturnType<typeof startS3Server>>;
let s3: S3Client;
let manifest: SampleManifest;
let athena: AthenaTestServer;
const clients: AthenaClient[] = [];
const stores: Store[] = [];
let full: Store;
let viaAthena: { store: Store; app: Trailglass; searches: AthenaSearches };

function source(): S3TrailSource {
  return new S3TrailSource(s3, { bucket: BUCKET, prefix: PREFIX, url: `s3://${BUCKET}/${PREFIX}` });
}

function settingsOf(text = "table=default.cloudtrail_logs"): AthenaSettings {
  return { ...parseAthenaSettings(text), source: `s3://${BUCKET}/${PREFIX}` };
}

async function freshStore(name: string): Promise<Store> {
  const store = await openStore(path.join(root, name));
  stores.push(store);
  return store;
}

/** A store, a loader and Athena searches through `server`, as the server composes them. */
async function athenaApp(
  name: string,
  server: AthenaTestServer,
  settings = settingsOf(),
): Promise<{ store: Store; app: Trailglass; searches: AthenaSearches }> {
  const store = await freshStore(name);
  const s3Source = source();
  const client = localAthenaClient(server.endpoint, 1);
  clients.push(client);
  const searches = athenaSearchesVia(client, store, settings, s3Source, { pollMs: 50 });
  return { store, searches, app: appWithAthena(store, s3Source, searches) };
}

async function idsIn(store: Store, filter: EventFilter): Promise<string[]> {
  const rows = await store.query<{ id: string }>(
    sql`SELECT id FROM events WHERE ${eventFilterSql(filter)} ORDER BY id`,
  );
  return rows.map((r) => r.id);
}

async function startAthena(options: Partial<AthenaServerOptions> = {}): Promise<AthenaTestServer> {
  return startAthenaServer({
    s3,
    bucket: BUCKET,
    prefix: PREFIX,
    workgroups: { primary: { outputLocation: "s3://athena-results/trailglass/" } },
    ...options,
  });
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "trailglass-athena-"));
  s3Server = await startS3Server({ directory: path.join(root, "s3") });
  s3 = s3ClientFor(s3Server.endpoint);
  manifest = await generateSampleTrail({ outDir: path.join(root, "sample") });
  await uploadFolder(s3, BUCKET, path.join(root, "sample"), `${PREFIX}/`);
  await s3.send(new CreateBucketCommand({ Bucket: "athena-results" }));
  athena = await startAthena();

  // The reference: the whole range loaded from the bucket, every file read.
  full = await freshStore("full");
  const loads = new LoadManager(full, new EventWriter(full), [source()]);
  await loads.ensureRange(RANGE, { confirmed: true }).wait();
  viaAthena = await athenaApp("via-athena", athena);
}, 300_000);

afterAll(async () => {
  for (const c of clients) c.destroy();
  for (const s of stores) await s.close();
  await athena?.stop();
  await s3Server?.stop();
  await rm(root, { recursive: true, force: true });
});

/** The view through Athena: its search answered, and the events the store then holds for it. */
async function throughAthena(filter: EventFilter) {
  const view = await ensureView(viaAthena.app, athenaViewQuery(filter));
  await view.status.wait();
  const search = view.athena!;
  expect(search.message).toBeNull();
  expect(search.state).toBe("succeeded");
  return { search, ids: await idsIn(viaAthena.store, filter) };
}

function filterOf(parts: Partial<EventFilter>): EventFilter {
  return { ...emptyFilter(RANGE), ...parts };
}

describe("a view through Athena", () => {
  const cases: [string, () => Partial<EventFilter>, string[]][] = [
    ["exact values", () => ({ eventName: ["ConsoleLogin", "AssumeRole"] }), ["eventName"]],
    [
      "values and exclusions",
      () => ({ eventSource: ["s3.amazonaws.com"], exclude: { eventName: ["GetObject"] } }),
      ["eventName", "eventSource"],
    ],
    ["failed calls", () => ({ error: "any" }), ["error"]],
    ["successful changes", () => ({ error: "none", readOnly: false }), ["error", "readOnly"]],
    [
      "user agent contains",
      () => ({ userAgent: ["aws-cli"], exclude: { userAgent: ["exec-env"] } }),
      ["userAgent"],
    ],
    ["text search", () => ({ q: "admin" }), ["q"]],
    [
      "IP address and CIDR",
      () => ({
        sourceIp: [
          `${manifest.incident.sourceIp.split(".").slice(0, 3).join(".")}.0/24`,
          "2001:db8::/32",
        ],
      }),
      ["sourceIp"],
    ],
    [
      "CIDR excluded",
      () => ({ exclude: { sourceIp: ["10.0.0.0/8"] }, category: ["Management"] }),
      ["category", "sourceIp"],
    ],
    ["access key", () => ({ accessKeyId: [manifest.incident.accessKeyId] }), ["accessKeyId"]],
    [
      "account and Region partitions",
      () => ({ account: [manifest.accounts[0]!.id], exclude: { region: ["eu-west-1"] } }),
      ["account", "region"],
    ],
    ["category", () => ({ category: ["Data"] }), ["category"]],
    ["category excluded", () => ({ exclude: { category: ["Management"] } }), ["category"]],
    [
      "identity type and error code",
      () => ({ principalType: ["AssumedRole"], errorCode: ["AccessDenied"] }),
      ["principalType", "errorCode"],
    ],
  ];

  for (const [name, parts, narrowedBy] of cases) {
    it(`gives the events a full load gives: ${name}`, async () => {
      const filter = filterOf(parts());
      const expected = await idsIn(full, filter);
      const { search, ids } = await throughAthena(filter);
      expect(ids).toEqual(expected);
      expect(search.narrowedBy.sort()).toEqual([...narrowedBy].sort());
      expect(search.leftToStore).toEqual([]);
      // Athena named no more files than hold the view's events (Insights files come from the listing).
      expect(search.filesMatched).toBeGreaterThan(0);
    });
  }

  it("leaves to the store what Athena cannot say, and still gives the same events", async () => {
    for (const parts of [
      { actorType: ["root"] },
      { crossAccount: true },
      { q: 'say "hi"' },
    ] as Partial<EventFilter>[]) {
      const filter = filterOf(parts);
      const { search, ids } = await throughAthena(filter);
      expect(search.leftToStore.length).toBe(1);
      expect(ids).toEqual(await idsIn(full, filter));
    }
  });

  it("keeps hostile values literal: quotes neither break nor widen the query", async () => {
    const hostile = ["x' OR '1'='1", "'; DROP TABLE cloudtrail_logs; --", "\\' OR 1=1 --"];
    const cases: [Partial<EventFilter>, string][] = [
      [{ eventName: hostile }, trinoString(hostile[0]!)],
      [{ exclude: { eventName: hostile } }, trinoString(hostile[1]!)],
      // Matched lowercased, as the store does.
      [{ userAgent: hostile }, trinoString(hostile[0]!.toLowerCase())],
      [{ q: "x' or 'a'='a" }, trinoString("x' or 'a'='a")],
    ];
    for (const [parts, literal] of cases) {
      const filter = filterOf(parts);
      const { search, ids } = await throughAthena(filter);
      expect(ids).toEqual(await idsIn(full, filter));
      expect(search.sql).toContain(literal);
    }
  });
});

describe("what Athena reads", () => {
  it("reads only the partitions of the range's delivery days", async () => {
    const oneDay = { from: "2026-11-04T00:00:00.000Z", to: "2026-11-04T23:59:59.000Z" };
    const filter = { ...emptyFilter(oneDay), eventName: ["ConsoleLogin"] };
    const before = new Set(athena.queries.keys());
    await throughAthena(filter);
    const query = [...athena.queries.values()].find((q) => !before.has(q.id))!;
    expect(query.filesRead.length).toBeGreaterThan(0);
    // The day and the next (files of late events): nothing else.
    for (const key of query.filesRead) expect(key).toMatch(/\/2026\/11\/0[45]\//);
    const allLogFiles = manifest.files.events;
    expect(query.filesRead.length).toBeLessThan(allLogFiles / 2);
  });

  it("loads a small fraction of the range for one access key, with the rows of a full load", async () => {
    const own = await athenaApp("one-key", athena);
    const filter = filterOf({ accessKeyId: [manifest.incident.accessKeyId] });
    const view = await ensureView(own.app, athenaViewQuery(filter));
    await view.status.wait();
    expect(await idsIn(own.store, filter)).toEqual(await idsIn(full, filter));
    const loaded = (await storeTotals(own.store)).files;
    const inRange = (await storeTotals(full)).files;
    expect(loaded).toBeLessThan(inRange / 10);
    expect(view.athena!.filesMatched).toBeGreaterThan(0);
  });

  it("pages through answers of more than 1,000 files", async () => {
    const filter = filterOf({ error: "none" });
    const before = athena.calls.length;
    const { search } = await throughAthena(filter);
    const pages = athena.calls.slice(before).filter((c) => c.action === "GetQueryResults");
    expect(search.filesMatched).toBeGreaterThan(1000);
    expect(pages.length).toBe(Math.ceil((search.filesMatched! + 1) / 1000));
  });

  it("opens a view again from the store's memory, without another query", async () => {
    const filter = filterOf({ eventName: ["ConsoleLogin", "AssumeRole"] });
    // The store of the first searches, without their memory: what a restarted server has.
    const restarted = athenaSearchesVia(clients[0]!, viaAthena.store, settingsOf(), source());
    const starts = athena.calls.filter((c) => c.action === "StartQueryExecution").length;
    const search = restarted.ensure(filter);
    await search.done;
    expect(search.status.state).toBe("succeeded");
    expect(search.status.remembered).toBe(true);
    expect(athena.calls.filter((c) => c.action === "StartQueryExecution").length).toBe(starts);
  });
});

describe("the table", () => {
  it("is described by the DDL npm run athena:ddl prints for the bucket", async () => {
    const ddl = cloudTrailDdl({
      database: "default",
      table: "cloudtrail_logs",
      bucket: BUCKET,
      folders: await source().logFolders(),
    });
    expect(ddl).toContain(
      `LOCATION 's3://${BUCKET}/${PREFIX}/AWSLogs/${manifest.organizationId}/'`,
    );
    const accounts = ddl.match(/'projection\.account\.values' = '([^']*)'/)![1]!.split(",");
    expect(accounts).toEqual(manifest.accounts.map((a) => a.id).sort());
    const regions = ddl.match(/'projection\.region\.values' = '([^']*)'/)![1]!.split(",");
    expect(regions).toEqual([...manifest.regions].sort());
  });
});

describe("cost and control", () => {
  it("waits for a go-ahead above the threshold, with the estimate from the listing", async () => {
    const costly = athenaSearchesVia(
      clients[0]!,
      await freshStore("confirm"),
      settingsOf(),
      source(),
      {
        confirmAboveBytes: 1000,
      },
    );
    const filter = filterOf({ eventName: ["CreateUser"] });
    const starts = athena.calls.filter((c) => c.action === "StartQueryExecution").length;
    const waiting = costly.ensure(filter);
    await waiting.done;
    expect(waiting.status.state).toBe("needs-confirmation");
    expect(waiting.status.estimate!.files).toBeGreaterThan(1000);
    expect(waiting.status.estimate!.partitions).toBeGreaterThan(3);
    expect(waiting.status.estimate!.dollars).toBeGreaterThan(0);
    expect(athena.calls.filter((c) => c.action === "StartQueryExecution").length).toBe(starts);
    const confirmed = costly.ensure(filter, { run: true });
    await confirmed.done;
    expect(confirmed.status.state).toBe("succeeded");
    expect(confirmed.status.bytesScanned).toBeGreaterThan(0);
  });

  it("cancels a running query with StopQueryExecution", async () => {
    const slow = await startAthena({ holdMs: 30_000 });
    try {
      const { searches } = await athenaApp("cancel", slow);
      const search = searches.ensure(filterOf({ eventName: ["DeleteTrail"] }));
      while (search.status.state !== "running" || !search.executionId) {
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(await searches.cancel(search.id)).toBe(true);
      await search.done;
      expect(search.status.state).toBe("cancelled");
      expect(slow.calls.some((c) => c.action === "StopQueryExecution")).toBe(true);
      expect(slow.queries.get(search.executionId)!.state).toBe("CANCELLED");
    } finally {
      await slow.stop();
    }
  });
});

describe("failures, each named", () => {
  const narrow = () => ({
    ...emptyFilter({ from: "2026-11-04T00:00:00.000Z", to: "2026-11-04T01:00:00.000Z" }),
    account: [manifest.accounts[0]!.id],
    region: ["us-east-1"],
  });

  async function failure(
    options: Partial<AthenaServerOptions>,
    settings = settingsOf(),
  ): Promise<string> {
    const server = await startAthena(options);
    try {
      const { searches } = await athenaApp(`fail-${Math.random()}`, server, settings);
      const search = searches.ensure(narrow());
      await search.done;
      expect(search.status.state).toBe("failed");
      return search.status.message!;
    } finally {
      await server.stop();
    }
  }

  it("no permission", async () => {
    expect(await failure({ denied: ["StartQueryExecution"] })).toMatch(
      /^no permission: Athena refused the query \(AccessDeniedException: .*athena:StartQueryExecution/,
    );
  });

  it("table missing", async () => {
    expect(await failure({}, settingsOf("table=default.no_such_table"))).toMatch(
      /^the table default\.no_such_table does not exist in Athena \(TABLE_NOT_FOUND/,
    );
  });

  it("column mismatch", async () => {
    expect(await failure({ withoutPartitions: true })).toMatch(
      /lacks a column trailglass asks for \(COLUMN_NOT_FOUND: .*'(account|region|timestamp)'.*partitions=/,
    );
  });

  it("results location unwritable", async () => {
    expect(
      await failure({
        workgroups: { primary: { outputLocation: "s3://no-such-results-bucket/x/" } },
      }),
    ).toMatch(
      /^Athena cannot write its results \(Unable to verify\/create output bucket no-such-results-bucket\)/,
    );
  });

  it("no results location at all", async () => {
    expect(await failure({ workgroups: { primary: {} } })).toMatch(
      /^Athena cannot write its results \(InvalidRequestException: No output location provided/,
    );
  });

  it("query failed, with Athena's reason", async () => {
    // A workgroup Athena does not know: the API's own words reach the user.
    expect(await failure({ workgroups: {} })).toMatch(/WorkGroup primary is not found/);
  });
});
