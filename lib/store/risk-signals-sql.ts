import { NOT_PUBLIC_BLOCKS } from "../net/address-scope";
import { IAM_ACCESS_CHANGES, iamAccessSql } from "../summary/iam-access";
import { RESOURCE_POLICY_CALLS, resourcePolicySql } from "../summary/resource-policy";
import { LOGGING_CHANGES, loggingChangeSql } from "../summary/rules";
import { inIpRange } from "./event-filter-sql";
import { ISO_TIME_FORMAT } from "./event-rows";
import { type Sql, sql } from "./sql";

/**
 * The SQL of risk-signals.ts: what the highlights rank by risk. The changes
 * that give access or touch logging, and the resource policies, of a view;
 * the bursts of data reads of a view, per public address; its Insights events;
 * and, over the whole store, when each address and each actor's first change
 * of a kind were first seen. Rules come from lib/summary (fixed text).
 */

const IS_IAM_ACCESS = sql.raw(iamAccessSql("event_source", "event_name"));
const IS_LOGGING = sql.raw(loggingChangeSql("event_source", "event_name"));
const IS_POLICY = sql.raw(resourcePolicySql("event_source", "event_name"));

/** The address is on the internet: an IP, outside private, loopback, link-local blocks. */
const PUBLIC_ADDRESS = sql`source_ip_num IS NOT NULL AND NOT (${sql.join(
  NOT_PUBLIC_BLOCKS.map((block) => inIpRange(sql.raw("source_ip_num"), block)),
  " OR ",
)})`;

/** Notable changes judged per view, newest first: a busy automation cannot make it unbounded. */
export const NOTABLE_LIMIT = 500;
/** Insights events judged per view. */
export const INSIGHTS_LIMIT = 200;
/** Bursting addresses judged per view. */
export const BURSTS_LIMIT = 50;

export interface NotableRow {
  id: string;
  time: string;
  actor: string;
  actor_type: string;
  /** '' for an actor of no one account. */
  actor_account: string;
  event_source: string;
  event_name: string;
  /** The caller's address when it is an IP on the internet; else null. */
  public_ip: string | null;
  failed: boolean;
  /** The first resource's readable label. */
  resource: string | null;
  is_iam_access: boolean;
  is_logging: boolean;
  is_policy: boolean;
  file_id: number;
  record_index: number;
}

/**
 * The names of every call judged (a superset: the pairs with their sources
 * decide). One IN list over the names is a hash probe per row; the pairs'
 * conditions run only on the rows it keeps.
 */
const CANDIDATE_NAMES = sql.raw(
  [
    ...new Set([
      ...IAM_ACCESS_CHANGES,
      ...LOGGING_CHANGES.map((c) => c.eventName),
      ...RESOURCE_POLICY_CALLS.map((c) => c.eventName),
    ]),
  ]
    .map((name) => `'${name}'`)
    .join(", "),
);

/**
 * When the view's notable changes happened, from its counted rows (`counted`:
 * countedEventsSql with event_source and event_name): the first and last, or
 * nulls when there is none. The scan of the events is then kept to that span,
 * or skipped.
 */
export function notableSpanQuery(counted: Sql): Sql {
  return sql`
  SELECT strftime(min(first_time), ${ISO_TIME_FORMAT}) AS first,
    strftime(max(last_time), ${ISO_TIME_FORMAT}) AS last
  FROM ${counted}
  WHERE event_name IN (${CANDIDATE_NAMES}) AND (${IS_IAM_ACCESS} OR ${IS_LOGGING} OR ${IS_POLICY})`;
}

/** The view's (`where`) changes that give IAM access, touch logging, or set a resource policy. */
export function notableChangesQuery(where: Sql): Sql {
  return sql`
  WITH candidates AS MATERIALIZED (
    SELECT id, time, actor, actor_type, actor_account, event_source, event_name, source_ip,
      source_ip_num, error_code, resource_labels, resource_names, file_id, record_index
    FROM events WHERE ${where} AND event_name IN (${CANDIDATE_NAMES})
  )
  SELECT id, strftime(time, ${ISO_TIME_FORMAT}) AS time,
    actor, actor_type, coalesce(actor_account, '') AS actor_account, event_source, event_name,
    CASE WHEN ${PUBLIC_ADDRESS} THEN source_ip END AS public_ip,
    (error_code IS NOT NULL) AS failed,
    coalesce(resource_labels[1], resource_names[1]) AS resource,
    ${IS_IAM_ACCESS} AS is_iam_access, ${IS_LOGGING} AS is_logging, ${IS_POLICY} AS is_policy,
    file_id, record_index
  FROM candidates
  WHERE ${IS_IAM_ACCESS} OR ${IS_LOGGING} OR ${IS_POLICY}
  ORDER BY time DESC, id
  LIMIT ${sql.number(NOTABLE_LIMIT)}`;
}

export interface FirstSeenRow {
  source_ip: string;
  first_seen: string;
}

/**
 * When each of `addresses` was first seen in the store, by anyone. They are
 * public ones already (public_ip, readBurstsQuery): no range test per row.
 */
export function firstSeenQuery(addresses: readonly string[]): Sql {
  return sql`
  SELECT source_ip, strftime(min(time), ${ISO_TIME_FORMAT}) AS first_seen
  FROM events WHERE source_ip IN (${sql.list([...addresses])})
  GROUP BY source_ip`;
}

export interface ActorFirstRow {
  actor: string;
  actor_type: string;
  actor_account: string;
  /** The actor's first IAM access change, and first logging change, in the store (tried or done). */
  first_iam: string | null;
  first_logging: string | null;
}

/** Per actor, its first IAM access change and logging change in the store (from the hourly counts). */
export function actorFirstsQuery(): Sql {
  return sql`
  SELECT actor, actor_type, coalesce(actor_account, '') AS actor_account,
    strftime(min(first_time) FILTER (WHERE ${IS_IAM_ACCESS}), ${ISO_TIME_FORMAT}) AS first_iam,
    strftime(min(first_time) FILTER (WHERE ${IS_LOGGING}), ${ISO_TIME_FORMAT}) AS first_logging
  FROM event_counts WHERE ${IS_IAM_ACCESS} OR ${IS_LOGGING}
  GROUP BY ALL`;
}

/** The store's first event: how much history the data has. */
export function dataStartQuery(): Sql {
  return sql`SELECT strftime(min(time), ${ISO_TIME_FORMAT}) AS start FROM events`;
}

/** The accounts that logged the store's events: the trail's accounts. */
export function trailAccountsQuery(): Sql {
  return sql`SELECT DISTINCT account FROM event_counts WHERE account IS NOT NULL ORDER BY account`;
}

export interface BurstRow {
  source_ip: string;
  /** The most data reads in one step of `windowMs`. */
  peak: number;
  reads: number;
  names: { eventName: string; count: number }[];
  /** The actors that read, most reads first. */
  actors: string[];
}

/**
 * Public addresses of the view (`where`) with at least `reads` data reads
 * (data events marked read-only) in one UTC-aligned step of `windowMs`.
 */
export function readBurstsQuery(where: Sql, reads: number, windowMs: number): Sql {
  return sql`
  WITH reads AS (
    SELECT source_ip, source_ip_num, time, actor, event_name FROM events
    WHERE ${where} AND category = 'Data' AND read_only AND source_ip_num IS NOT NULL
  ),
  -- Public addresses only, tested once per address that bursts rather than once per read.
  bursts AS (
    SELECT source_ip, peak FROM (
      SELECT source_ip, any_value(source_ip_num) AS source_ip_num, max(n)::INTEGER AS peak FROM (
        SELECT source_ip, any_value(source_ip_num) AS source_ip_num,
          epoch_ms(time) // ${sql.number(windowMs)} AS step, count(*) AS n
        FROM reads GROUP BY source_ip, step)
      GROUP BY source_ip HAVING max(n) >= ${sql.number(reads)})
    WHERE ${PUBLIC_ADDRESS}
  ),
  names AS (
    SELECT source_ip, event_name, count(*) AS n FROM reads SEMI JOIN bursts USING (source_ip)
    GROUP BY source_ip, event_name
  ),
  actors AS (
    SELECT source_ip, actor, count(*) AS n FROM reads SEMI JOIN bursts USING (source_ip)
    GROUP BY source_ip, actor
  )
  SELECT b.source_ip, b.peak, n.reads, n.names, a.actors FROM bursts b
  JOIN (SELECT source_ip, sum(n)::INTEGER AS reads,
          list({eventName: event_name, count: n::INTEGER} ORDER BY n DESC, event_name) AS names
        FROM names GROUP BY source_ip) n USING (source_ip)
  JOIN (SELECT source_ip, list(actor ORDER BY n DESC, actor) AS actors
        FROM actors GROUP BY source_ip) a USING (source_ip)
  ORDER BY b.peak DESC, b.source_ip
  LIMIT ${sql.number(BURSTS_LIMIT)}`;
}

export interface InsightRow {
  id: string;
  time: string;
  shared_event_id: string | null;
  account: string | null;
  region: string | null;
  file_id: number;
  record_index: number;
}

/** The view's Insights events, oldest first. */
export function insightsQuery(where: Sql): Sql {
  return sql`
  SELECT id, strftime(time, ${ISO_TIME_FORMAT}) AS time, shared_event_id, account, region,
    file_id, record_index
  FROM events WHERE ${where} AND category = 'Insight'
  ORDER BY time, id
  LIMIT ${sql.number(INSIGHTS_LIMIT)}`;
}
