import type { ActorType } from "../cloudtrail/event-schema";
import type { EventFilter } from "../query/event-query";
import { PERMISSION_CALLS } from "../summary/iam-access";
import { READ_BURST_READS, READ_BURST_WINDOW_MS } from "../summary/risk";
import type { Store } from "./database";
import { readEventRecords } from "./event-records";
import { countedEventsSql } from "./counted-events";
import { eventFilterSql } from "./event-filter-sql";
import {
  actorFirstsQuery,
  type ActorFirstRow,
  type BurstRow,
  dataStartQuery,
  firstSeenQuery,
  type FirstSeenRow,
  insightsQuery,
  type InsightRow,
  notableChangesQuery,
  type NotableRow,
  notableSpanQuery,
  readBurstsQuery,
  trailAccountsQuery,
} from "./risk-signals-sql";

/**
 * What the highlights rank by risk (lib/summary/risk-highlights.ts judges it):
 * the view's notable changes and Insights events with their records, its
 * bursts of data reads, and from the whole store the history each is judged
 * against. Data only.
 */

type Json = Record<string, unknown>;

/** An actor as the summary keys it (actor-activity.ts): name, type and account. */
export interface ActorKey {
  actor: string;
  actorType: ActorType;
  actorAccount: string | null;
}

export interface NotableChange extends ActorKey {
  id: string;
  time: string;
  eventSource: string;
  eventName: string;
  /** The caller's address when it is an IP on the internet. */
  publicIp: string | null;
  failed: boolean;
  resource: string | null;
  /** An IAM change that gives access (lib/summary/iam-access.ts). */
  iamAccess: boolean;
  /** A change to logging or detection (lib/summary/rules.ts). */
  logging: boolean;
  /** A call that sets a resource policy (lib/summary/resource-policy.ts). */
  resourcePolicy: boolean;
  /** The record, read for the calls judged by what they grant; else null. */
  record: Json | null;
}

export interface ReadBurst {
  sourceIp: string;
  /** The most data reads in one step of READ_BURST_WINDOW_MS. */
  peak: number;
  reads: number;
  names: { eventName: string; count: number }[];
  actors: string[];
}

export interface InsightEvent {
  id: string;
  time: string;
  sharedEventId: string | null;
  account: string | null;
  region: string | null;
  record: Json | null;
}

export interface RiskSignals {
  /** The store's first event (null: the store is empty). */
  dataStart: string | null;
  /** Accounts that logged the store's events. */
  trailAccounts: string[];
  changes: NotableChange[];
  bursts: ReadBurst[];
  insights: InsightEvent[];
  /** When each address of the changes and bursts was first seen in the store (public ones only). */
  firstSeen: Record<string, string>;
  /** Per actor of the changes, its first IAM access change and logging change in the store. */
  actorFirsts: (ActorKey & { firstIam: string | null; firstLogging: string | null })[];
}

const actorKey = (r: { actor: string; actor_type: string; actor_account: string }): ActorKey => ({
  actor: r.actor,
  actorType: r.actor_type as ActorType,
  actorAccount: r.actor_account || null,
});

/** Whether a change's record is read: what it grants decides its risk. */
const judgedByRecord = (r: NotableRow) =>
  (r.is_policy && !r.failed) || (r.is_iam_access && PERMISSION_CALLS.has(r.event_name));

/**
 * The view's notable changes: the hourly counts say when they happened (most
 * views have few or none), then only that span of the events is read.
 */
async function queryNotable(store: Store, filter: EventFilter): Promise<NotableRow[]> {
  const counted = countedEventsSql(filter, ["event_source", "event_name"]);
  const [span] = await store.query<{ first: string | null; last: string | null }>(
    notableSpanQuery(counted),
    "summaries",
  );
  if (!span?.first || !span.last) return [];
  const narrowed = { ...filter, from: span.first, to: span.last };
  return store.query<NotableRow & Record<string, unknown>>(
    notableChangesQuery(eventFilterSql(narrowed)),
    "summaries",
  );
}

export async function queryRiskSignals(store: Store, filter: EventFilter): Promise<RiskSignals> {
  const where = eventFilterSql(filter);
  const [notable, bursts, insights, starts, accounts, firsts] = await Promise.all([
    queryNotable(store, filter),
    store.query<BurstRow & Record<string, unknown>>(
      readBurstsQuery(where, READ_BURST_READS, READ_BURST_WINDOW_MS),
      "summaries",
    ),
    store.query<InsightRow & Record<string, unknown>>(insightsQuery(where), "summaries"),
    store.query<{ start: string | null }>(dataStartQuery(), "summaries"),
    store.query<{ account: string }>(trailAccountsQuery(), "summaries"),
    store.query<ActorFirstRow & Record<string, unknown>>(actorFirstsQuery(), "summaries"),
  ]);
  const addresses = [
    ...new Set([
      ...notable.map((r) => r.public_ip).filter((ip): ip is string => ip !== null),
      ...bursts.map((b) => b.source_ip),
    ]),
  ];
  const read = [
    ...notable
      .filter(judgedByRecord)
      .map((r) => ({ id: r.id, fileId: r.file_id, recordIndex: r.record_index })),
    ...insights.map((r) => ({ id: r.id, fileId: r.file_id, recordIndex: r.record_index })),
  ];
  const [seen, texts] = await Promise.all([
    addresses.length > 0
      ? store.query<FirstSeenRow & Record<string, unknown>>(firstSeenQuery(addresses), "summaries")
      : [],
    read.length > 0
      ? readEventRecords(store, read, { work: "summaries" })
      : new Map<string, string>(),
  ]);
  const recordOf = (id: string): Json | null => {
    const text = texts.get(id);
    return text === undefined ? null : (JSON.parse(text) as Json);
  };
  return {
    dataStart: starts[0]?.start ?? null,
    trailAccounts: accounts.map((a) => a.account),
    changes: notable.map((r) => ({
      ...actorKey(r),
      id: r.id,
      time: r.time,
      eventSource: r.event_source,
      eventName: r.event_name,
      publicIp: r.public_ip,
      failed: r.failed,
      resource: r.resource,
      iamAccess: r.is_iam_access,
      logging: r.is_logging,
      resourcePolicy: r.is_policy,
      record: judgedByRecord(r) ? recordOf(r.id) : null,
    })),
    bursts: bursts.map((b) => ({
      sourceIp: b.source_ip,
      peak: b.peak,
      reads: b.reads,
      names: b.names,
      actors: b.actors,
    })),
    insights: insights.map((r) => ({
      id: r.id,
      time: r.time,
      sharedEventId: r.shared_event_id,
      account: r.account,
      region: r.region,
      record: recordOf(r.id),
    })),
    firstSeen: Object.fromEntries(seen.map((s) => [s.source_ip, s.first_seen])),
    actorFirsts: firsts.map((f) => ({
      ...actorKey(f),
      firstIam: f.first_iam,
      firstLogging: f.first_logging,
    })),
  };
}
