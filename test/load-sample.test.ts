import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LoadManager } from "@/lib/load/load-manager";
import { emptyFilter, type EventFilter } from "@/lib/query/event-query";
import { generateSampleTrail, type SampleManifest } from "@/lib/sample";
import { LocalFolderSource } from "@/lib/sources/local/local-folder-source";
import { openStore, type Store } from "@/lib/store/database";
import { EventWriter } from "@/lib/store/event-writer";
import { storeTotals } from "@/lib/store/loaded-files";
import { listProblems } from "@/lib/store/problems";
import { queryFacets } from "@/lib/store/facets";
import { relatedEvents } from "@/lib/store/related-events";
import { getEventById } from "@/lib/store/event-by-id";
import { queryEventPage } from "@/lib/store/query-events";
import { distinctRecords, trailRecords } from "./support/sample-records";

/**
 * The sample trail through the real reader, normalizer and DuckDB store:
 * what the generator says it wrote is what the store holds, and loading
 * again (in this process or after a restart) changes nothing.
 */

let root = "";
let trailDir = "";
let manifest: SampleManifest;
/** Every record of the trail, read independently of the product's reader. */
const records: Record<string, unknown>[] = [];

function rangeOf(m: SampleManifest): { from: string; to: string } {
  return { from: m.span.from, to: m.span.to };
}

function filter(extra: Partial<EventFilter> = {}): EventFilter {
  return { ...emptyFilter(rangeOf(manifest)), ...extra };
}

async function loadInto(dataDir: string) {
  const store = await openStore(dataDir);
  const loads = new LoadManager(store, new EventWriter(store), [new LocalFolderSource(trailDir)]);
  const status = loads.ensureRange(rangeOf(manifest));
  await status.wait();
  return { store, status };
}

async function count(store: Store, sql: string, params: (string | number)[] = []) {
  const rows = await store.query<{ n: string }>(`SELECT (${sql})::VARCHAR AS n`, params);
  return Number(rows[0]?.n);
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "trailglass-load-"));
  trailDir = path.join(root, "trail");
  manifest = await generateSampleTrail({ outDir: trailDir });
  records.push(...(await trailRecords(trailDir)));
}, 120_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("loading the sample trail into the store", () => {
  let store: Store;

  beforeAll(async () => {
    ({ store } = await loadInto(path.join(root, "data")));
  }, 120_000);

  it("holds every distinct event once, per category as the generator wrote them", async () => {
    expect(records.length).toBe(manifest.records);
    expect((await storeTotals(store)).events).toBe(manifest.distinctEvents);
    const rows = await store.query<{ category: string; n: string }>(
      "SELECT category, count(*)::VARCHAR AS n FROM events GROUP BY category",
    );
    const byCategory = Object.fromEntries(rows.map((r) => [r.category, Number(r.n)]));
    expect(byCategory).toEqual(manifest.byCategory);
    expect(
      await count(store, "SELECT count(*) FROM loaded_files WHERE source = $1", [trailDir]),
    ).toBe(manifest.files.events + manifest.files.insights);
  });

  it("keeps a duplicate delivery as one event with both origins", async () => {
    expect(manifest.duplicateRecords).toBeGreaterThan(0);
    const origins = await count(store, "SELECT count(*) FROM event_origins");
    expect(origins - manifest.distinctEvents).toBe(manifest.duplicateRecords);

    const seen = new Map<string, number>();
    for (const r of records) {
      if (typeof r.eventID === "string") seen.set(r.eventID, (seen.get(r.eventID) ?? 0) + 1);
    }
    const twice = [...seen].find(([, n]) => n === 2)?.[0];
    expect(twice).toBeDefined();
    const event = await getEventById(store, twice!);
    expect(event?.origins).toHaveLength(2);
    expect(new Set(event?.origins.map((o) => o.key)).size).toBe(2);
  });

  it("answers filters with the counts computed from the raw records", async () => {
    const distinct = new Map<string, Record<string, unknown>>();
    for (const r of records) if (typeof r.eventID === "string") distinct.set(r.eventID, r);
    const expected = (pred: (r: Record<string, unknown>) => boolean) =>
      [...distinct.values()].filter(pred).length;

    const createUser = await queryEventPage(store, filter({ eventName: ["CreateUser"] }), {
      limit: 10,
      cursor: null,
    });
    expect(createUser.total).toBe(expected((r) => r.eventName === "CreateUser"));
    expect(createUser.total).toBeGreaterThan(0);
    expect(createUser.events.every((e) => e.eventName === "CreateUser")).toBe(true);

    const denied = await queryEventPage(
      store,
      filter({ errorCode: ["AccessDenied"], category: ["Management", "Data"] }),
      { limit: 10, cursor: null },
    );
    expect(denied.total).toBe(
      expected(
        (r) =>
          r.errorCode === "AccessDenied" &&
          (r.eventCategory === "Management" || r.eventCategory === "Data"),
      ),
    );

    const ip = manifest.incident.sourceIp;
    const byIp = await queryEventPage(store, filter({ q: ip }), { limit: 1000, cursor: null });
    expect(byIp.total).toBe(expected((r) => JSON.stringify(r).includes(ip)));
  });

  it("combines included and excluded values of every kind as the raw records count them", async () => {
    // Records without an eventID are told apart by their content, as the store does.
    const distinct = distinctRecords(records);
    const expected = (pred: (r: Record<string, unknown>) => boolean) =>
      distinct.filter(pred).length;
    const total = async (extra: Partial<EventFilter>) =>
      (await queryEventPage(store, filter(extra), { limit: 1, cursor: null })).total;
    const ip = (r: Record<string, unknown>) => String(r.sourceIPAddress ?? "");
    // A failed console sign-in says so in responseElements, not in errorCode.
    const failed = (r: Record<string, unknown>) =>
      typeof r.errorCode === "string" ||
      Object.values((r.responseElements as Record<string, unknown> | null) ?? {}).includes(
        "Failure",
      );
    const identityType = (r: Record<string, unknown>) =>
      (r.userIdentity as { type?: string } | undefined)?.type;

    const notAssumeRole = await total({
      exclude: { eventName: ["AssumeRole", "Decrypt"], category: ["Insight"] },
    });
    expect(notAssumeRole).toBe(
      expected(
        (r) =>
          r.eventType !== "AwsCloudTrailInsight" &&
          r.eventName !== "AssumeRole" &&
          r.eventName !== "Decrypt",
      ),
    );
    expect(notAssumeRole).toBeLessThan(distinct.length);

    const attacker = await total({ sourceIp: ["185.220.101.0/24"] });
    expect(attacker).toBe(expected((r) => /^185\.220\.101\.\d+$/.test(ip(r))));
    expect(attacker).toBeGreaterThan(0);

    const failedOutside = await total({ error: "any", exclude: { sourceIp: ["10.0.0.0/8"] } });
    expect(failedOutside).toBe(expected((r) => failed(r) && !/^10\.\d+\.\d+\.\d+$/.test(ip(r))));
    const succeeded = await total({ error: "none" });
    expect(succeeded).toBe(expected((r) => !failed(r)));

    const humanChanges = await total({
      readOnly: false,
      region: ["us-east-1"],
      exclude: { principalType: ["AWSService"], category: ["Insight"] },
    });
    expect(humanChanges).toBe(
      expected(
        (r) =>
          r.readOnly === false &&
          r.awsRegion === "us-east-1" &&
          identityType(r) !== "AWSService" &&
          r.eventCategory !== "Insight",
      ),
    );
    expect(humanChanges).toBeGreaterThan(0);

    const cli = await total({ userAgent: ["AWS-CLI"], exclude: { userAgent: ["kali"] } });
    expect(cli).toBe(
      expected((r) => {
        const agent = String(r.userAgent ?? "").toLowerCase();
        return agent.includes("aws-cli") && !agent.includes("kali");
      }),
    );
    expect(cli).toBeGreaterThan(0);

    const bucket = manifest.incident.bucket;
    const page = await queryEventPage(store, filter({ resource: [bucket.toUpperCase()] }), {
      limit: 1000,
      cursor: null,
    });
    expect(page.total).toBeGreaterThan(0);
    for (const { id, time } of page.events) {
      const e = await getEventById(store, id, time);
      expect(e!.resources.some((x) => `${x.arn} ${x.label}`.includes(bucket))).toBe(true);
    }
  });

  it("counts facets with every filter but the field's own", async () => {
    const distinct = distinctRecords(records);
    const region = (r: Record<string, unknown>) => String(r.awsRegion);
    const facets = await queryFacets(
      store,
      filter({ region: ["us-east-1"], eventSource: ["iam.amazonaws.com"] }),
      ["region", "eventName"],
      5,
    );

    // Regions: counted over IAM events only, all Regions still listed.
    const iam = distinct.filter((r) => r.eventSource === "iam.amazonaws.com");
    const byRegion = new Map<string, number>();
    for (const r of iam) byRegion.set(region(r), (byRegion.get(region(r)) ?? 0) + 1);
    const expectedRegions = [...byRegion]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, 5)
      .map(([value, count]) => ({ value, count }));
    expect(facets.region!.values).toEqual(expectedRegions);
    expect(facets.region!.distinct).toBe(byRegion.size);

    // Event names: IAM in us-east-1, most frequent first.
    const names = new Map<string, number>();
    for (const r of iam.filter((r) => region(r) === "us-east-1")) {
      const name = String(r.eventName);
      names.set(name, (names.get(name) ?? 0) + 1);
    }
    expect(facets.eventName!.values).toEqual(
      [...names]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .slice(0, 5)
        .map(([value, count]) => ({ value, count })),
    );
  });

  it("counts facets of a free-text view in one pass, the same as row by row", async () => {
    const ip = manifest.incident.sourceIp;
    const view = filter({ q: ip, exclude: { eventName: ["ListBuckets"] } });
    const facets = await queryFacets(store, view, ["category", "eventName", "region"], 50);
    const total = (await queryEventPage(store, view, { limit: 1, cursor: null })).total;
    expect(total).toBeGreaterThan(0);
    expect(facets.category!.values.reduce((n, v) => n + v.count, 0)).toBe(total);
    expect(facets.region!.values.reduce((n, v) => n + v.count, 0)).toBe(total);
    // eventName has a filter of its own: counted without it.
    const unfiltered = await queryEventPage(store, filter({ q: ip }), { limit: 1, cursor: null });
    expect(facets.eventName!.values.reduce((n, v) => n + v.count, 0)).toBe(unfiltered.total);
  });

  it("lists all of a facet's values, or only those containing a text (any case)", async () => {
    const distinct = [
      ...new Map(
        records.map((r) => [typeof r.eventID === "string" ? r.eventID : JSON.stringify(r), r]),
      ).values(),
    ];
    const countsOf = (pick: (r: Record<string, unknown>) => unknown) => {
      const counts = new Map<string, number>();
      for (const r of distinct) {
        const v = pick(r);
        if (typeof v === "string") counts.set(v, (counts.get(v) ?? 0) + 1);
      }
      return [...counts]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .map(([value, count]) => ({ value, count }));
    };
    // Insights name the API they watched inside insightDetails.
    const names = countsOf(
      (r) => r.eventName ?? (r.insightDetails as { eventName?: string } | undefined)?.eventName,
    );
    const all = await queryFacets(store, filter(), ["eventName"], 1000);
    expect(names.length).toBeGreaterThan(50);
    expect(all.eventName).toEqual({ values: names, distinct: names.length });

    const gets = names.filter((n) => n.value.toLowerCase().includes("getobj"));
    const found = await queryFacets(store, filter(), ["eventName", "region"], 1000, "GETOBJ");
    expect(found.eventName).toEqual({ values: gets, distinct: gets.length });
    expect(found.region).toEqual({ values: [], distinct: 0 });

    // Source IPs: read from the events, not the hourly counts.
    const ip = manifest.incident.sourceIp;
    const ips = countsOf((r) => r.sourceIPAddress).filter((v) => v.value.startsWith("185.220."));
    const byIp = await queryFacets(store, filter(), ["sourceIp"], 1000, "185.220.");
    expect(byIp.sourceIp).toEqual({ values: ips, distinct: ips.length });
    expect(ips.map((v) => v.value)).toContain(ip);
  });

  it("finds the events related to one by principal, access key and request: the nearest, in time order, and how many over a range", async () => {
    const event = (await getEventById(store, manifest.incident.formulaPayloadEventId))!;
    expect(event.accessKeyId).toBeTruthy();
    const groups = await relatedEvents(store, event, {
      windowMinutes: 15,
      limit: 5,
      range: manifest.span,
    });
    const t = Date.parse(event.time);
    const near = [...new Map(records.map((r) => [String(r.eventID), r])).values()].filter(
      (r) => r.eventID !== event.id && Math.abs(Date.parse(String(r.eventTime)) - t) <= 15 * 60_000,
    );
    const key = (r: Record<string, unknown>) =>
      (r.userIdentity as { accessKeyId?: string } | undefined)?.accessKeyId;
    const byKey = groups.find((g) => g.kind === "accessKey")!;
    expect(byKey.value).toBe(event.accessKeyId);
    expect(byKey.total).toBe(near.filter((r) => key(r) === event.accessKeyId).length);
    expect(byKey.total).toBeGreaterThan(0);
    expect(byKey.events.length).toBe(Math.min(5, byKey.total));
    // The 5 nearest (no event left out is nearer than one shown), oldest first.
    const gap = (time: string) => Math.abs(Date.parse(time) - t);
    const shownIds = new Set(byKey.events.map((e) => e.id));
    const farthestShown = Math.max(...byKey.events.map((e) => gap(e.time)));
    const sameKey = near.filter((r) => key(r) === event.accessKeyId);
    for (const r of sameKey.filter((r) => !shownIds.has(String(r.eventID)))) {
      expect(gap(String(r.eventTime))).toBeGreaterThanOrEqual(farthestShown);
    }
    const times = byKey.events.map((e) => e.time);
    expect([...times].sort()).toEqual(times);
    // Over the whole sample, the key did more than in the minutes around (the incident's hours).
    const all = [...new Map(records.map((r) => [String(r.eventID), r])).values()];
    expect(byKey.rangeTotal).toBe(
      all.filter((r) => r.eventID !== event.id && key(r) === event.accessKeyId).length,
    );
    expect(byKey.rangeTotal).toBeGreaterThan(byKey.total);
    expect(groups.map((g) => g.kind)).toContain("principal");
  });

  it("pages newest first without gaps or repeats", async () => {
    const f = filter({ category: ["Insight", "NetworkActivity"] });
    const seen: string[] = [];
    let cursor: string | null = null;
    let previous = "9999";
    do {
      const page = await queryEventPage(store, f, { limit: 200, cursor });
      for (const e of page.events) {
        expect(e.time <= previous).toBe(true);
        previous = e.time;
        seen.push(e.id);
      }
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(manifest.byCategory.Insight + manifest.byCategory.NetworkActivity);
  });

  it.each([
    { field: "errorCode", descending: true },
    { field: "principal", descending: false },
    // Few values, each holding more events than a page: pages inside one value's time window.
    { field: "account", descending: true },
    { field: "eventSource", descending: false },
    { field: "time", descending: false },
  ] as const)("pages sorted by $field (descending: $descending) in order, whole", async (sort) => {
    const f = filter({ category: ["Management"], region: ["eu-west-1"] });
    const all: Awaited<ReturnType<typeof queryEventPage>>["events"] = [];
    for (let c: string | null = null, first = true; first || c; first = false) {
      const page = await queryEventPage(store, f, { limit: 1000, cursor: c });
      all.push(...page.events);
      c = page.nextCursor;
    }
    expect(all.length).toBeGreaterThan(1000);
    const value = (e: (typeof all)[number]) => (sort.field === "time" ? e.time : e[sort.field]);
    // Expected order computed here: the value (missing ones last), then newest first.
    const expected = [...all].sort((a, b) => {
      const va = value(a);
      const vb = value(b);
      if (va !== vb) {
        if (va === null) return 1;
        if (vb === null) return -1;
        return (va < vb ? -1 : 1) * (sort.descending ? -1 : 1);
      }
      if (sort.field === "time") return (a.id < b.id ? -1 : 1) * (sort.descending ? -1 : 1);
      return a.time !== b.time ? (a.time < b.time ? 1 : -1) : a.id < b.id ? 1 : -1;
    });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await queryEventPage(store, f, { limit: 97, cursor, sort });
      seen.push(...page.events.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(expected.map((e) => e.id));
  });

  it("finds an event by id near its time hint, and without a good hint", async () => {
    const [some] = (await queryEventPage(store, filter(), { limit: 1, cursor: null })).events;
    const event = some!;
    expect((await getEventById(store, event.id, event.time))?.id).toBe(event.id);
    // A wrong hint costs a second look, not the event.
    expect((await getEventById(store, event.id, "2020-01-01T00:00:00Z"))?.id).toBe(event.id);
    expect(await getEventById(store, "no-such-event", event.time)).toBeNull();
  });

  it("leaves records out of a list on request, but Insights'", async () => {
    const f = filter({ category: ["Insight", "Management"] });
    const full = await queryEventPage(store, f, { limit: 1000, cursor: null });
    const light = await queryEventPage(store, f, { limit: 1000, cursor: null, records: false });
    expect(light.events.map((e) => e.id)).toEqual(full.events.map((e) => e.id));
    const insights = light.events.filter((e) => e.category === "Insight");
    expect(insights.length).toBeGreaterThan(0);
    for (const e of light.events) {
      if (e.category === "Insight")
        expect(e.raw).toEqual(full.events.find((x) => x.id === e.id)!.raw);
      else expect(e.raw).toBeNull();
    }
    const { raw: _fullRaw, ...fullFacts } = full.events[0]!;
    const { raw: _lightRaw, ...lightFacts } = light.events[0]!;
    expect(lightFacts).toEqual(fullFacts);
  });

  it("reads nothing again when nothing changed", async () => {
    const loads = new LoadManager(store, new EventWriter(store), [new LocalFolderSource(trailDir)]);
    const status = loads.ensureRange(rangeOf(manifest));
    await status.wait();
    const files = manifest.files.events + manifest.files.insights;
    expect(status.progress.filesTotal).toBe(0); // finished jobs report no running progress
    expect((await storeTotals(store)).events).toBe(manifest.distinctEvents);
    expect(await count(store, "SELECT count(*) FROM loaded_files")).toBe(files);
  });

  it("keeps what was loaded across a restart and skips every unchanged file", async () => {
    const dataDir = path.join(root, "restart");
    const first = await loadInto(dataDir);
    first.store.close();
    const second = await loadInto(dataDir);
    try {
      const loaded = await count(second.store, "SELECT sum(records) FROM loaded_files");
      expect(loaded).toBe(manifest.records);
      expect((await storeTotals(second.store)).events).toBe(manifest.distinctEvents);
      expect(await count(second.store, "SELECT count(*) FROM event_origins")).toBe(
        manifest.records,
      );
    } finally {
      second.store.close();
    }
  }, 120_000);
});

describe("a broken file among good ones", () => {
  it("reports the broken file by name and loads every other event", async () => {
    const dir = path.join(root, "mixed");
    const day = path.join(dir, "AWSLogs", "111122223333", "CloudTrail", "us-east-1", "2026", "11");
    const good = {
      Records: [1, 2, 3].map((n) => ({
        eventVersion: "1.08",
        eventID: `00000000-0000-4000-8000-00000000000${n}`,
        eventTime: `2026-11-03T10:0${n}:00Z`,
        eventName: "DescribeInstances",
        eventSource: "ec2.amazonaws.com",
        awsRegion: "us-east-1",
        userIdentity: { type: "IAMUser", userName: "alice", accountId: "111122223333" },
        recipientAccountId: "111122223333",
      })),
    };
    const { mkdir } = await import("node:fs/promises");
    await mkdir(path.join(day, "03"), { recursive: true });
    await writeFile(path.join(day, "03", "good.json"), JSON.stringify(good));
    await writeFile(path.join(day, "03", "broken.json.gz"), "this is not gzip");
    const store = await openStore(path.join(root, "mixed-data"));
    try {
      const loads = new LoadManager(store, new EventWriter(store), [new LocalFolderSource(dir)]);
      await loads.ensureRange({ from: "2026-11-03T00:00:00Z", to: "2026-11-03T23:59:59Z" }).wait();
      expect((await storeTotals(store)).events).toBe(3);
      const { problems } = await listProblems(store);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ kind: "not-gzip", severity: "error" });
      expect(problems[0]?.file).toContain("broken.json.gz");
    } finally {
      store.close();
    }
  });
});
