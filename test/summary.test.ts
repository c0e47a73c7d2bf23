import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findHighlights, findSummary } from "@/lib/events-service";
import { emptyFilter, type EventFilter, type TimeRange } from "@/lib/query/event-query";
import { parseEventQuery } from "@/lib/query/view-params";
import {
  highlightsResponseSchema,
  summaryResponseSchema,
  type Summary,
} from "@/lib/query/summary-response";
import type { SampleManifest } from "@/lib/sample";
import type { Store } from "@/lib/store/database";
import { queryEventPage } from "@/lib/store/query-events";
import { querySummary } from "@/lib/summary/query-summary";
import { loadSample, type LoadedSample } from "./support/loaded-sample";

/**
 * The who-did-what summary over the sample trail in a real store, checked
 * against counts computed here from the trail's own records (read from the
 * gzip files, not through the product's reader or roll-up).
 */

type RawRecord = Record<string, unknown>;
type Identity = Record<string, unknown> & { onBehalfOf?: { userId?: string } };

let sample: LoadedSample;
let manifest: SampleManifest;
let store: Store;
/** Each distinct event once (a duplicate delivery is one event). */
const events: RawRecord[] = [];

/** Who acts, as the summary documents it, written out again for the sample's identity shapes. */
function actorOfRecord(r: RawRecord): string {
  if (r.eventType === "AwsCloudTrailInsight") return "CloudTrail Insights";
  const id = (r.userIdentity ?? {}) as Identity;
  const s = (v: unknown) => String(v);
  switch (id.type) {
    case undefined:
      return s(id.invokedBy ?? r.eventSource);
    case "Root":
      return "root";
    case "IAMUser":
      // A console sign-in to a user name the account does not have hides the name tried.
      return id.userName === "HIDDEN_DUE_TO_SECURITY_REASONS"
        ? "unknown (failed sign-in)"
        : s(id.userName);
    case "SAMLUser":
    case "WebIdentityUser":
      return s(id.userName);
    case "AssumedRole": {
      const [, role, session] = /assumed-role\/([^/]+)\/(.+)$/.exec(s(id.arn))!;
      return role!.startsWith("AWSReservedSSO_") ? session! : role!;
    }
    case "AWSService":
      return s(id.invokedBy);
    case "IdentityCenterUser":
      return s((r.additionalEventData as RawRecord | undefined)?.UserName ?? id.onBehalfOf?.userId);
    case "FederatedUser":
      // The IAM user that minted the federation token acts.
      return s(
        (id.sessionContext as { sessionIssuer?: Identity } | undefined)?.sessionIssuer?.userName,
      );
    case "AWSAccount":
      return `account ${s(id.accountId)}`;
    case "Unknown":
      // The app's guests: unauthenticated Cognito identities.
      if (r.eventSource === "cognito-identity.amazonaws.com")
        return "unknown (unauthenticated Cognito)";
      throw new Error("the sample has no other Unknown identities");
    default:
      throw new Error(`the sample has no ${s(id.type)} identities`);
  }
}

/**
 * The account of an actor that belongs to one (root, IAM user, role, a federated user's issuer):
 * the caller's account. People (Identity Center sessions) and services have none.
 */
function actorAccountOfRecord(r: RawRecord): string {
  const id = (r.userIdentity ?? {}) as Identity;
  const arnAccount = String(id.arn ?? "").split(":")[4] ?? "";
  const account = String(id.accountId ?? arnAccount);
  switch (id.type) {
    case "Root":
    case "FederatedUser":
    case "AWSAccount":
      return account;
    case "IAMUser":
      return id.userName === "HIDDEN_DUE_TO_SECURITY_REASONS" ? "" : account;
    case "AssumedRole":
      return /assumed-role\/AWSReservedSSO_/.test(String(id.arn)) ? "" : account;
    default:
      return "";
  }
}

/** An actor as the summary keys it: its name and, when it belongs to one, its account. */
const actorKeyOfRecord = (r: RawRecord) => `${actorOfRecord(r)} @${actorAccountOfRecord(r)}`;

const failed = (r: RawRecord) =>
  typeof r.errorCode === "string" ||
  Object.values((r.responseElements as RawRecord | null) ?? {}).includes("Failure");
const denied = (r: RawRecord) =>
  typeof r.errorCode === "string" && /accessdenied|unauthorized/i.test(r.errorCode);
const changed = (r: RawRecord) => r.readOnly === false && r.eventSource !== "signin.amazonaws.com";
/** The documented console rule: console credentials, a sign-in, or a console's or browser's agent. */
const viaConsole = (r: RawRecord) =>
  r.sessionCredentialFromConsole === "true" ||
  r.eventSource === "signin.amazonaws.com" ||
  /console|^\[?mozilla\/|^signin\.amazonaws\.com$/i.test(String(r.userAgent ?? ""));
const time = (r: RawRecord) => Date.parse(String(r.eventTime));
const inRange = (r: RawRecord, range: TimeRange) =>
  time(r) >= Date.parse(range.from) && time(r) <= Date.parse(range.to);

function expectedPerActor(records: RawRecord[]) {
  const out = new Map<
    string,
    { events: number; changes: number; errors: number; denied: number; console: number }
  >();
  for (const r of records) {
    const actor = actorKeyOfRecord(r);
    const n = out.get(actor) ?? { events: 0, changes: 0, errors: 0, denied: 0, console: 0 };
    n.events += 1;
    if (changed(r)) n.changes += 1;
    if (failed(r)) n.errors += 1;
    if (denied(r)) n.denied += 1;
    if (viaConsole(r)) n.console += 1;
    out.set(actor, n);
  }
  return out;
}

const wholeRange = (): TimeRange => ({ from: manifest.span.from, to: manifest.span.to });
const filter = (extra: Partial<EventFilter> = {}, range = wholeRange()): EventFilter => ({
  ...emptyFilter(range),
  ...extra,
});

/** The events-table filter a highlight's drill-down parameters select (they may narrow the range). */
function drillDown(params: Record<string, string[]>, range: TimeRange): EventFilter {
  const search = new URLSearchParams({ from: range.from, to: range.to });
  for (const [key, values] of Object.entries(params)) {
    search.delete(key);
    for (const value of values) search.append(key, value);
  }
  const parsed = parseEventQuery(search, range);
  if (!parsed.ok) throw new Error(parsed.errors.join("; "));
  return parsed.value.filter;
}

beforeAll(async () => {
  sample = await loadSample("summary");
  ({ manifest, store } = sample);
  events.push(...sample.events);
}, 120_000);

afterAll(() => sample?.close());

describe("the summary of the sample trail", () => {
  let summary: Summary;

  beforeAll(async () => {
    summary = await querySummary(store, filter());
  });

  it("counts events, changes, errors, denials and console calls per actor as the records do", () => {
    expect(events.length).toBe(manifest.distinctEvents);
    const expected = expectedPerActor(events);
    const keys = summary.actors.map((a) => `${a.actor} @${a.actorAccount ?? ""}`);
    expect(new Set(keys).size).toBe(keys.length);
    // The sample's same-named roles of two accounts are two actors.
    for (const [role, accounts] of Object.entries(manifest.sameNamedRoles)) {
      const of = summary.actors.filter((a) => a.actor === role && a.actorType === "role");
      expect(of.map((a) => a.actorAccount).sort(), role).toEqual([...accounts].sort());
    }
    const got = new Map(
      summary.actors.map((a) => [
        `${a.actor} @${a.actorAccount ?? ""}`,
        {
          events: a.events,
          changes: a.changes,
          errors: a.errors,
          denied: a.denied,
          console: a.console,
        },
      ]),
    );
    expect(got).toEqual(expected);
    expect(summary.totals).toEqual({
      events: events.length,
      changes: events.filter(changed).length,
      errors: events.filter(failed).length,
      denied: events.filter(denied).length,
      actors: expected.size,
    });
    // Most active first; every count adds up.
    const counts = summary.actors.map((a) => a.events);
    expect([...counts].sort((a, b) => b - a)).toEqual(counts);
    for (const a of summary.actors) {
      expect(a.console + a.programmatic).toBe(a.events);
      expect(a.denied).toBeLessThanOrEqual(a.errors);
      expect(a.sentence.startsWith(a.actor)).toBe(true);
    }
  });

  it("rolls the sessions of a role up under the role", () => {
    const sessionsByRole = new Map<string, Set<string>>();
    for (const r of events) {
      const id = (r.userIdentity ?? {}) as Identity;
      if (id.type !== "AssumedRole") continue;
      const arn = String(id.arn);
      const role = /assumed-role\/([^/]+)\//.exec(arn)![1]!;
      if (role.startsWith("AWSReservedSSO_")) continue;
      sessionsByRole.set(role, (sessionsByRole.get(role) ?? new Set()).add(arn));
    }
    const [role, sessions] = [...sessionsByRole].sort((a, b) => b[1].size - a[1].size)[0]!;
    expect(sessions.size).toBeGreaterThan(1);
    const rolled = summary.actors.find((a) => a.actor === role)!;
    expect(rolled).toMatchObject({ actorType: "role", sessionCount: sessions.size });
    expect(rolled.sessions.length).toBe(Math.min(10, sessions.size));
    expect(rolled.sessions.every((s) => s.name.startsWith(`${role}/`))).toBe(true);
    const sizes = rolled.sessions.map((s) => s.events);
    expect([...sizes].sort((a, b) => b - a)).toEqual(sizes);
    expect(rolled.sentence).toContain(`(role, ${sessions.size} sessions)`);
    // No principal of the role is left as an actor of its own.
    expect(summary.actors.some((a) => a.actor.startsWith(`${role}/`))).toBe(false);
  });

  it("shows Identity Center sessions as the person", () => {
    const people = new Set(
      events
        .map((r) => (r.userIdentity ?? {}) as Identity)
        .filter((id) => id.type === "AssumedRole" && String(id.arn).includes("AWSReservedSSO_"))
        .map((id) => String(id.arn).split("/").pop()),
    );
    expect(people.size).toBeGreaterThan(0);
    for (const person of people) {
      expect(summary.actors.find((a) => a.actor === person)?.actorType).toBe("person");
    }
  });

  it("flags root use, with a drill-down to its events", async () => {
    const rootEvents = events.filter((r) => (r.userIdentity as Identity)?.type === "Root");
    expect(rootEvents.length).toBeGreaterThan(0);
    const first = summary.highlights.find((h) => h.kind === "root");
    expect(first).toMatchObject({
      kind: "root",
      severity: "high",
      filter: { actorType: ["root"] },
    });
    const page = await queryEventPage(store, drillDown(first!.filter, wholeRange()), {
      limit: 1,
      cursor: null,
    });
    expect(page.total).toBe(rootEvents.length);
    const rootActor = summary.actors.find((a) => a.actorType === "root")!;
    expect(new Set(rootActor.accounts)).toEqual(
      new Set(rootEvents.map((r) => String(r.recipientAccountId))),
    );
    expect(rootActor.sentence).toMatch(/— root account use\.$/);
  });

  it("drills each highlight down to the events behind it", async () => {
    expect(summary.highlights.length).toBeGreaterThan(1);
    for (const h of summary.highlights) {
      const page = await queryEventPage(store, drillDown(h.filter, wholeRange()), {
        limit: 1,
        cursor: null,
      });
      expect(page.total, h.text).toBeGreaterThan(0);
      if (h.kind === "denied") {
        expect(page.total).toBe(summary.actors.find((a) => a.actor === h.actor)!.denied);
      }
    }
    const logging = summary.highlights.find((h) => h.kind === "logging")!;
    expect(logging.actor).toBe(manifest.incident.userName);
  });

  it("ranks the incident by risk: the admin user from a new address first, routine IAM changes below root", async () => {
    const ip = manifest.incident.sourceIp;
    const risks = summary.highlights.map((h) => h.risk);
    expect([...risks].sort((a, b) => b - a)).toEqual(risks);
    const [first] = summary.highlights;
    expect(first).toMatchObject({
      kind: "iam",
      actor: manifest.incident.userName,
      severity: "high",
    });
    expect(first!.text).toContain("granting administrator access");
    expect(first!.text).toContain(`from ${ip}, an address new to the data`);
    // New to the data: first seen more than a day after the data begins.
    const times = events.map(time);
    const firstSeen = Math.min(...events.filter((r) => r.sourceIPAddress === ip).map(time));
    expect(firstSeen - Math.min(...times)).toBeGreaterThan(86_400_000);
    expect(summary.highlights.findIndex((h) => h.kind === "root")).toBeGreaterThan(0);

    // Among IAM changes alone: the incident's first, the routine ones (roles) after, medium.
    const iam = await querySummary(store, filter({ eventSource: ["iam.amazonaws.com"] }));
    const changes = iam.highlights.filter((h) => h.kind === "iam");
    expect(changes[0]).toMatchObject({ actor: manifest.incident.userName, risk: 95 });
    const routine = changes.slice(1);
    expect(routine.length).toBeGreaterThan(0);
    for (const h of routine) {
      expect(h.severity, h.text).toBe("medium");
      expect(h.text).not.toContain("new to the data");
    }
  });

  it("adds the Insights event, the bucket opened to a foreign account and the download burst", async () => {
    const ip = manifest.incident.sourceIp;
    const kinds = (kind: string) => summary.highlights.filter((h) => h.kind === kind);

    const [insight] = kinds("insight");
    expect(insight!.text).toContain("GetSecretValue");
    expect(insight!.text).toContain("54,762× usual");
    const insightEvents = await queryEventPage(store, drillDown(insight!.filter, wholeRange()), {
      limit: 1,
      cursor: null,
    });
    // The calls during the insight and its Start and End records.
    expect(insightEvents.total).toBeGreaterThan(2);

    const shared = kinds("resource-policy");
    expect(shared).toHaveLength(1);
    const foreign = "210987654321";
    expect(manifest.accounts.map((a) => a.id)).not.toContain(foreign);
    expect(shared[0]!.text).toContain(`to account ${foreign}, outside the trail's accounts`);
    expect(shared[0]!.filter.eventName).toEqual(["PutBucketPolicy"]);

    const [burst] = kinds("read-burst");
    expect(burst!.filter.sourceIp).toEqual([ip]);
    const reads = events.filter(
      (r) => r.sourceIPAddress === ip && r.eventCategory === "Data" && r.readOnly === true,
    );
    expect(burst!.text).toContain(`made ${reads.length} data reads`);
    const drilled = await queryEventPage(store, drillDown(burst!.filter, wholeRange()), {
      limit: 1,
      cursor: null,
    });
    expect(drilled.total).toBe(reads.length);
    // No other address bursts from nowhere in the sample.
    expect(kinds("read-burst")).toHaveLength(1);
  });

  it("spreads the events over timeline buckets that add up", () => {
    const { buckets, bucketSeconds } = summary.timeline;
    expect(buckets.length).toBeGreaterThanOrEqual(24);
    expect(buckets.length).toBeLessThanOrEqual(100);
    const sum = (f: (b: (typeof buckets)[number]) => number) =>
      buckets.reduce((n, b) => n + f(b), 0);
    expect(sum((b) => Object.values(b.byCategory).reduce((n, v) => n + v, 0))).toBe(events.length);
    expect(sum((b) => b.byCategory.Insight)).toBe(manifest.byCategory.Insight);
    expect(sum((b) => b.errors)).toBe(summary.totals.errors);
    expect(sum((b) => b.changes)).toBe(summary.totals.changes);
    for (const r of events.slice(0, 200)) {
      const start = Math.floor(time(r) / (bucketSeconds * 1000)) * bucketSeconds * 1000;
      expect(buckets.some((b) => Date.parse(b.start) === start)).toBe(true);
    }
  });

  it("hides AWS services with -actorType=service", async () => {
    const people = await querySummary(store, filter({ exclude: { actorType: ["service"] } }));
    expect(people.actors.some((a) => a.actorType === "service")).toBe(false);
    const services = summary.actors.filter((a) => a.actorType === "service");
    expect(services.length).toBeGreaterThan(0);
    expect(people.totals.events).toBe(
      summary.totals.events - services.reduce((n, a) => n + a.events, 0),
    );
  });

  it("reports regions and addresses new against the previous window, for actors seen in both", async () => {
    const day: TimeRange = { from: "2026-11-04T00:00:00.000Z", to: "2026-11-04T23:59:59.000Z" };
    const before: TimeRange = {
      from: "2026-11-03T00:00:01.000Z",
      to: "2026-11-04T00:00:00.000Z",
    };
    // Successful calls only: the day's denials and risks would otherwise fill the highlights.
    const ofDay = await querySummary(store, filter({ error: "none" }, day));
    const succeeded = events.filter((r) => !failed(r));
    expect(ofDay.baseline).toEqual({
      ...before,
      events: succeeded.filter((r) => inRange(r, before) && time(r) < Date.parse(day.from)).length,
    });
    const places = (range: TimeRange, actor: string, kind: "region" | "ip") =>
      new Set(
        succeeded
          .filter((r) => inRange(r, range) && actorOfRecord(r) === actor)
          .filter((r) => range !== before || time(r) < Date.parse(day.from))
          .map((r) => String(kind === "region" ? r.awsRegion : r.sourceIPAddress)),
      );
    const novel = ofDay.highlights.filter((h) => h.kind === "new-region" || h.kind === "new-ip");
    expect(novel.length).toBeGreaterThan(0);
    for (const h of novel) {
      const kind = h.kind === "new-region" ? "region" : "ip";
      const values = h.filter[kind === "region" ? "region" : "sourceIp"]!;
      const baseline = places(before, h.actor!, kind);
      expect(baseline.size, h.text).toBeGreaterThan(0);
      for (const value of values) {
        expect(places(day, h.actor!, kind).has(value), h.text).toBe(true);
        expect(baseline.has(value), h.text).toBe(false);
      }
      expect(h.text).toContain("for the first time compared with the previous 24 hours");
    }
    // The incident's address is new for the leaked key's user.
    expect(novel.some((h) => h.filter.sourceIp?.includes(manifest.incident.sourceIp))).toBe(true);
  });

  it("answers /api/summary's shape through the service, once the range is loaded", async () => {
    const app = sample.app();
    const query = parseEventQuery(new URLSearchParams("wait=1&actorType=person"), wholeRange());
    if (!query.ok) throw new Error(query.errors.join("; "));
    const response = summaryResponseSchema.parse(await findSummary(app, query.value));
    expect(response.complete).toBe(true);
    expect(response.pending).toBeNull();
    expect(response.range).toEqual(wholeRange());
    expect(response.actors.length).toBeGreaterThan(0);
    expect(response.actors.every((a) => a.actorType === "person")).toBe(true);
    const expected = expectedPerActor(events);
    for (const a of response.actors) {
      expect(a.events).toBe(expected.get(`${a.actor} @${a.actorAccount ?? ""}`)!.events);
    }

    // /api/highlights: the summary's highlights alone, for the events page.
    const all = parseEventQuery(new URLSearchParams("wait=1"), wholeRange());
    if (!all.ok) throw new Error(all.errors.join("; "));
    const highlights = highlightsResponseSchema.parse(await findHighlights(app, all.value));
    expect(highlights.complete).toBe(true);
    expect(highlights.range).toEqual(wholeRange());
    expect(highlights.highlights).toEqual((await findSummary(app, all.value)).highlights);
    expect(highlights.highlights.length).toBeGreaterThan(5);
  });
});
