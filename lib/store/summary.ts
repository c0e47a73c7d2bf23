import { EVENT_CATEGORIES, type ActorType, type EventCategory } from "../cloudtrail/event-schema";
import type { EventFilter, TimeRange } from "../query/event-query";
import {
  type Summary,
  type SummaryAction,
  type SummaryActor,
  summarySchema,
  type SummaryTimeline,
} from "../query/summary-response";
import { type ActorFacts, buildHighlights, type Novelty } from "../summary/highlights";
import { CHANGE_SQL, deniedSql, IAM_SOURCE, loggingChangeSql } from "../summary/rules";
import { actorSentence } from "../summary/sentence";
import { bucketSecondsFor, bucketStarts, describeWindow } from "../summary/timeline";
import type { Store } from "./database";
import { ISO_TIME_FORMAT } from "./event-rows";
import { countedEventsSql } from "./counted-events";
import {
  eventFilterCondition,
  eventFilterWhere,
  type SqlFragment,
  timestampParam,
  WhereBuilder,
} from "./event-filter-sql";

/**
 * "Who did what" over the events matching a filter: one row per actor (the
 * roll-up of principals, lib/cloudtrail/identity.ts), the highlights, a
 * timeline and totals. Set-based: each query groups the matching events once
 * (by actor and action, by actor and place, by time bucket, …) and ranks
 * inside DuckDB; the queries run in parallel, and only small results come back.
 */

/** Actor types whose new source IPs are worth a highlight: the IPs of roles and services change all the time. */
const IP_WATCHED: readonly ActorType[] = ["root", "iam-user", "person"];
const TOP_ACTIONS = 5;
const TOP_SESSIONS = 10;
const TOP_RESOURCES = 5;
const HOUR_MS = 3_600_000;

const key = (actor: string, actorType: string) => `${actorType}\u0000${actor}`;

interface ActionCount {
  eventName: string;
  eventSource: string;
  count: number;
}

interface ActorRow {
  actor: string;
  actor_type: ActorType;
  events: number;
  changes: number;
  reads: number;
  errors: number;
  denied: number;
  console: number;
  first_seen: string;
  last_seen: string;
  top_changes: ActionCount[] | null;
  top_calls: ActionCount[];
  denied_actions: ActionCount[] | null;
  iam_changes: ActionCount[] | null;
  logging_calls: (ActionCount & { failed: number })[] | null;
  denied_codes: string[] | null;
  services: string[];
  service_names: string[];
  changed_services: string[] | null;
  changed_service_names: string[] | null;
}

/** What actorsQuery reads of each event (all kept by event_counts). */
const ACTION_COLUMNS = [
  "actor",
  "actor_type",
  "event_source",
  "event_name",
  "error_code",
  "service",
  "read_only",
  "from_console",
];

/**
 * Per actor: counts, top actions, services, and what the highlights need; one
 * GROUP BY of the counted rows (countedEventsSql with ACTION_COLUMNS).
 */
function actorsQuery(counted: SqlFragment): string {
  const action = (count: string) =>
    `{eventName: event_name, eventSource: event_source, count: (${count})::INTEGER}`;
  return `
  WITH actions AS (
    SELECT actor, actor_type, event_source, event_name, error_code,
      any_value(service) AS service,
      sum(n) AS n,
      coalesce(sum(n) FILTER (WHERE ${CHANGE_SQL}), 0) AS changes,
      coalesce(sum(n) FILTER (WHERE read_only = true), 0) AS reads,
      coalesce(sum(n) FILTER (WHERE from_console), 0) AS console,
      min(first_time) AS first_seen,
      max(last_time) AS last_seen
    FROM ${counted.sql}
    GROUP BY actor, actor_type, event_source, event_name, error_code
  ),
  flagged AS MATERIALIZED (
    SELECT *, error_code IS NOT NULL AS failed, ${deniedSql("error_code")} AS is_denied
    FROM actions
  ),
  by_action AS (
    SELECT actor, actor_type, event_source, event_name,
      sum(n) AS n,
      sum(changes) AS changes,
      coalesce(sum(n) FILTER (WHERE failed), 0) AS failed,
      coalesce(sum(n) FILTER (WHERE is_denied), 0) AS denied
    FROM flagged GROUP BY actor, actor_type, event_source, event_name
  ),
  ranked AS (
    SELECT *,
      row_number() OVER (PARTITION BY actor, actor_type
        ORDER BY changes DESC, n DESC, event_name, event_source) AS change_rank,
      row_number() OVER (PARTITION BY actor, actor_type
        ORDER BY n DESC, event_name, event_source) AS call_rank,
      row_number() OVER (PARTITION BY actor, actor_type
        ORDER BY denied DESC, event_name, event_source) AS denied_rank
    FROM by_action
  ),
  action_lists AS (
    SELECT actor, actor_type,
      list(${action("changes")} ORDER BY change_rank)
        FILTER (WHERE change_rank <= ${TOP_ACTIONS} AND changes > 0) AS top_changes,
      list(${action("n")} ORDER BY call_rank) FILTER (WHERE call_rank <= ${TOP_ACTIONS}) AS top_calls,
      list(${action("denied")} ORDER BY denied_rank)
        FILTER (WHERE denied > 0 AND denied_rank <= 4) AS denied_actions,
      list(${action("changes")} ORDER BY changes DESC, event_name)
        FILTER (WHERE event_source = '${IAM_SOURCE}' AND changes > 0) AS iam_changes,
      list({eventName: event_name, eventSource: event_source, count: n::INTEGER,
            failed: failed::INTEGER} ORDER BY n DESC, event_name)
        FILTER (WHERE ${loggingChangeSql("event_source", "event_name")}) AS logging_calls
    FROM ranked GROUP BY actor, actor_type
  ),
  by_source AS (
    SELECT actor, actor_type, event_source, any_value(service) AS service,
      sum(n) AS n, sum(changes) AS changes
    FROM flagged GROUP BY actor, actor_type, event_source
  ),
  service_lists AS (
    SELECT actor, actor_type,
      list(event_source ORDER BY n DESC, event_source) AS services,
      list(service ORDER BY n DESC, event_source) AS service_names,
      list(event_source ORDER BY changes DESC, event_source) FILTER (WHERE changes > 0)
        AS changed_services,
      list(service ORDER BY changes DESC, event_source) FILTER (WHERE changes > 0)
        AS changed_service_names
    FROM by_source GROUP BY actor, actor_type
  ),
  denied_codes AS (
    SELECT actor, actor_type, list(error_code ORDER BY n DESC, error_code) AS denied_codes
    FROM (SELECT actor, actor_type, error_code, sum(n) AS n FROM flagged WHERE is_denied
          GROUP BY actor, actor_type, error_code)
    GROUP BY actor, actor_type
  ),
  totals AS (
    SELECT actor, actor_type,
      sum(n) AS events, sum(changes) AS changes, sum(reads) AS reads,
      coalesce(sum(n) FILTER (WHERE failed), 0) AS errors,
      coalesce(sum(n) FILTER (WHERE is_denied), 0) AS denied,
      sum(console) AS console,
      min(first_seen) AS first_seen, max(last_seen) AS last_seen
    FROM flagged GROUP BY actor, actor_type
  )
  SELECT t.actor, t.actor_type,
    t.events::INTEGER AS events, t.changes::INTEGER AS changes, t.reads::INTEGER AS reads,
    t.errors::INTEGER AS errors, t.denied::INTEGER AS denied, t.console::INTEGER AS console,
    strftime(t.first_seen, ${ISO_TIME_FORMAT}) AS first_seen, strftime(t.last_seen, ${ISO_TIME_FORMAT}) AS last_seen,
    a.top_changes, a.top_calls, a.denied_actions, a.iam_changes, a.logging_calls,
    d.denied_codes, s.services, s.service_names, s.changed_services, s.changed_service_names
  FROM totals t
  JOIN action_lists a USING (actor, actor_type)
  JOIN service_lists s USING (actor, actor_type)
  LEFT JOIN denied_codes d USING (actor, actor_type)
  ORDER BY t.events DESC, t.actor, t.actor_type`;
}

interface PlacesRow {
  actor: string;
  actor_type: string;
  accounts: string[];
  regions: string[];
}

/** Per actor: the accounts and Regions it acted in, most events first; from the counted rows. */
function placesQuery(counted: SqlFragment): string {
  return `
  WITH places AS (
    SELECT actor, actor_type, account, region, sum(n) AS n
    FROM ${counted.sql}
    GROUP BY actor, actor_type, account, region
  ),
  account_lists AS (
    SELECT actor, actor_type, list(account ORDER BY n DESC, account) AS accounts
    FROM (SELECT actor, actor_type, account, sum(n) AS n FROM places WHERE account IS NOT NULL
          GROUP BY actor, actor_type, account)
    GROUP BY actor, actor_type
  ),
  region_lists AS (
    SELECT actor, actor_type, list(region ORDER BY n DESC, region) AS regions
    FROM (SELECT actor, actor_type, region, sum(n) AS n FROM places WHERE region IS NOT NULL
          GROUP BY actor, actor_type, region)
    GROUP BY actor, actor_type
  )
  SELECT p.actor, p.actor_type,
    coalesce(a.accounts, []) AS accounts, coalesce(r.regions, []) AS regions
  FROM (SELECT DISTINCT actor, actor_type FROM places) p
  LEFT JOIN account_lists a USING (actor, actor_type)
  LEFT JOIN region_lists r USING (actor, actor_type)`;
}

interface SessionsRow {
  actor: string;
  actor_type: string;
  session_count: number;
  sessions: { name: string; events: number }[] | null;
}

/** Per actor: the principals rolled up into it (event_counts does not keep them: from the events). */
function sessionsQuery(where: SqlFragment): string {
  return `
  WITH principals AS (
    SELECT actor, actor_type, principal, count(*) AS n,
      row_number() OVER (PARTITION BY actor, actor_type
        ORDER BY (principal = actor), count(*) DESC, principal) AS rank
    FROM events ${where.sql} GROUP BY actor, actor_type, principal
  )
  SELECT actor, actor_type, count(*)::INTEGER AS session_count,
    list({name: principal, events: n::INTEGER} ORDER BY rank)
      FILTER (WHERE rank <= ${TOP_SESSIONS} AND principal <> actor) AS sessions
  FROM principals GROUP BY actor, actor_type`;
}

interface ResourcesRow {
  actor: string;
  actor_type: string;
  resources: number;
  top: string[];
}

/** Per actor: the distinct resources its changes name (their readable labels). */
function resourcesQuery(where: SqlFragment): string {
  return `
  WITH named AS (
    SELECT actor, actor_type, unnest(resource_labels) AS label
    FROM events ${where.sql} AND ${CHANGE_SQL} AND len(resource_labels) > 0
  ),
  counted AS (
    SELECT actor, actor_type, label, count(*) AS n
    FROM named WHERE label IS NOT NULL AND label <> ''
    GROUP BY actor, actor_type, label
  )
  -- Top N by a hash aggregate (most changed first, then by name): a window would sort every label.
  SELECT actor, actor_type, count(*)::INTEGER AS resources,
    min_by(label, {n: -n, label: label}, ${TOP_RESOURCES}) AS top
  FROM counted GROUP BY actor, actor_type`;
}

interface TimelineRow {
  bucket: number;
  category: EventCategory;
  n: number;
  errors: number;
  changes: number;
}

const TIMELINE_COLUMNS = ["category", "error_code", "read_only", "event_source"];

/**
 * Events, errors and changes per bucket and category, from counted rows; their
 * first_time places them (a row of event_counts lies in one bucket when the
 * step is whole hours: see querySummary).
 */
function timelineQuery(counted: SqlFragment, stepMs: number, lastBucket: number): string {
  return `
  SELECT least(epoch_ms(first_time) // ${stepMs}, ${lastBucket})::DOUBLE AS bucket, category,
    sum(n)::INTEGER AS n,
    coalesce(sum(n) FILTER (WHERE error_code IS NOT NULL), 0)::INTEGER AS errors,
    coalesce(sum(n) FILTER (WHERE ${CHANGE_SQL}), 0)::INTEGER AS changes
  FROM ${counted.sql}
  GROUP BY ALL`;
}

interface NoveltyRow {
  actor: string;
  actor_type: ActorType;
  kind: "region" | "ip";
  value: string;
  events: number;
}

/**
 * Regions and (for people, IAM users and root) source IPs used in the range
 * but not in the baseline, by actors with baseline events. Regions come from
 * counted rows of the baseline (`before`, up to the range's start) and of the
 * range (`during`); addresses from the events of the watched actor types over
 * both (`addresses`), `start` telling them apart. All share one parameter list.
 */
function noveltyQuery(
  before: SqlFragment,
  during: SqlFragment,
  addresses: string,
  start: string,
): string {
  return `
  WITH regions AS (
    SELECT actor, actor_type, region, false AS current, n FROM ${before.sql}
      WHERE first_time < ${start} AND actor_type <> 'service'
    UNION ALL
    SELECT actor, actor_type, region, true AS current, n FROM ${during.sql}
      WHERE actor_type <> 'service'
  ),
  ips AS (
    SELECT actor, actor_type, source_ip AS ip, time >= ${start} AS current
    FROM events ${addresses}
  ),
  places AS (
    SELECT actor, actor_type, 'region' AS kind, region AS value,
      bool_or(NOT current) AS before, coalesce(sum(n) FILTER (WHERE current), 0) AS n
    FROM regions WHERE region IS NOT NULL GROUP BY actor, actor_type, region
    UNION ALL
    SELECT actor, actor_type, 'ip' AS kind, ip AS value,
      bool_or(NOT current) AS before, count(*) FILTER (WHERE current) AS n
    FROM ips GROUP BY actor, actor_type, ip
  ),
  known AS (SELECT DISTINCT actor, actor_type FROM regions WHERE NOT current)
  SELECT p.actor, p.actor_type, p.kind, p.value, p.n::INTEGER AS events
  FROM places p SEMI JOIN known k ON p.actor = k.actor AND p.actor_type = k.actor_type
  WHERE NOT p.before AND p.n > 0
  ORDER BY p.n DESC, p.actor, p.value`;
}

const orEmpty = <T>(value: T[] | null | undefined): T[] => value ?? [];

function timelineOf(
  rows: TimelineRow[],
  filter: EventFilter,
  bucketSeconds: number,
): SummaryTimeline {
  const stepMs = bucketSeconds * 1000;
  const starts = bucketStarts(filter.from, filter.to, bucketSeconds);
  const index = new Map(starts.map((t, i) => [t / stepMs, i]));
  const buckets = starts.map((t) => ({
    start: new Date(t).toISOString(),
    byCategory: Object.fromEntries(EVENT_CATEGORIES.map((c) => [c, 0])) as Record<
      EventCategory,
      number
    >,
    errors: 0,
    changes: 0,
  }));
  for (const row of rows) {
    const bucket = buckets[index.get(row.bucket) ?? -1];
    if (!bucket) throw new Error(`timeline bucket ${row.bucket} is outside the range's buckets`);
    bucket.byCategory[row.category] += row.n;
    bucket.errors += row.errors;
    bucket.changes += row.changes;
  }
  return { bucketSeconds, buckets };
}

/**
 * How many events of the baseline window the store holds, and the novelties
 * against it (none to judge when it holds nothing, the usual case of a range
 * at the start of what was loaded).
 */
async function baselineOf(
  store: Store,
  filter: EventFilter,
  baseline: TimeRange,
): Promise<{ events: number; novelties: Novelty[] }> {
  const held = new WhereBuilder();
  const counted = countedEventsSql({ ...filter, ...baseline }, [], { where: held });
  // `first_time < from`: the baseline window ends where the range starts (rows of
  // event_counts lie in whole hours before it).
  const rows = await store.query<{ n: number }>(
    `SELECT coalesce(sum(n), 0)::INTEGER AS n FROM ${counted.sql}
       WHERE first_time < ${timestampParam(held, filter.from)}`,
    held.params,
  );
  const events = rows[0]?.n ?? 0;
  if (events === 0) return { events, novelties: [] };
  const where = new WhereBuilder();
  const columns = ["actor", "actor_type", "region"];
  const before = countedEventsSql({ ...filter, ...baseline }, columns, { where });
  const during = countedEventsSql(filter, columns, { where });
  const watched = IP_WATCHED.map((t) => where.param(t)).join(", ");
  const addresses = eventFilterCondition(where, { ...filter, from: baseline.from });
  const found = await store.query<NoveltyRow & Record<string, unknown>>(
    noveltyQuery(
      before,
      during,
      `WHERE ${addresses} AND actor_type IN (${watched}) AND source_ip_num IS NOT NULL`,
      timestampParam(where, filter.from),
    ),
    where.params,
  );
  return {
    events,
    novelties: found.map((n) => ({
      actor: n.actor,
      actorType: n.actor_type,
      kind: n.kind,
      value: n.value,
      events: n.events,
    })),
  };
}

/** One actor of the summary, and what the highlights look at, from its rows. */
function toActor(
  row: ActorRow,
  place: PlacesRow | undefined,
  session: SessionsRow | undefined,
  changed: ResourcesRow | undefined,
): { actor: SummaryActor; facts: ActorFacts } {
  const topChanges = orEmpty(row.top_changes);
  const topActions: SummaryAction[] = (topChanges.length > 0 ? topChanges : row.top_calls).map(
    (a) => ({ eventName: a.eventName, eventSource: a.eventSource, count: a.count }),
  );
  const base = {
    actor: row.actor,
    actorType: row.actor_type,
    accounts: place?.accounts ?? [],
    events: row.events,
    changes: row.changes,
    reads: row.reads,
    errors: row.errors,
    denied: row.denied,
    services: row.services,
    changedServices: orEmpty(row.changed_services),
    topActions,
    topActionsAre: topChanges.length > 0 ? "changes" : "calls",
    resourcesChanged: { count: changed?.resources ?? 0, top: orEmpty(changed?.top) },
    console: row.console,
    programmatic: row.events - row.console,
    sessionCount: session?.session_count ?? 0,
    sessions: orEmpty(session?.sessions),
    regions: place?.regions ?? [],
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
  } satisfies Omit<SummaryActor, "sentence">;
  return {
    actor: {
      ...base,
      sentence: actorSentence({
        ...base,
        services: row.service_names,
        changedServices: orEmpty(row.changed_service_names),
      }),
    },
    facts: {
      actor: row.actor,
      actorType: row.actor_type,
      accounts: base.accounts,
      events: row.events,
      changes: row.changes,
      denied: row.denied,
      deniedCodes: orEmpty(row.denied_codes),
      deniedActions: orEmpty(row.denied_actions),
      iamChanges: orEmpty(row.iam_changes),
      loggingCalls: orEmpty(row.logging_calls),
    },
  };
}

/** The summary of the events matching `filter` (see lib/query/summary-response.ts). */
export async function querySummary(store: Store, filter: EventFilter): Promise<Summary> {
  const where = eventFilterWhere(filter);
  const width = Date.parse(filter.to) - Date.parse(filter.from);
  // The window just before the range, as long as it.
  const baselineRange = {
    from: new Date(Date.parse(filter.from) - width).toISOString(),
    to: filter.from,
  };
  const bucketSeconds = bucketSecondsFor(filter.from, filter.to);
  const stepMs = bucketSeconds * 1000;
  const starts = bucketStarts(filter.from, filter.to, bucketSeconds);
  const lastBucket = starts[starts.length - 1]! / stepMs;

  const actions = countedEventsSql(filter, ACTION_COLUMNS);
  const places = countedEventsSql(filter, ["actor", "actor_type", "account", "region"]);
  // A row of event_counts spans an hour: it fits in one bucket of whole hours only.
  const timeline = countedEventsSql(filter, TIMELINE_COLUMNS, {
    wholeHours: stepMs % HOUR_MS === 0,
  });

  const [actorRows, placeRows, sessionRows, resourceRows, timelineRows, baseline] =
    await Promise.all([
      store.query<ActorRow & Record<string, unknown>>(actorsQuery(actions), actions.params),
      store.query<PlacesRow & Record<string, unknown>>(placesQuery(places), places.params),
      store.query<SessionsRow & Record<string, unknown>>(sessionsQuery(where), where.params),
      store.query<ResourcesRow & Record<string, unknown>>(resourcesQuery(where), where.params),
      store.query<TimelineRow & Record<string, unknown>>(
        timelineQuery(timeline, stepMs, lastBucket),
        timeline.params,
      ),
      baselineOf(store, filter, baselineRange),
    ]);

  const placesOf = new Map(placeRows.map((r) => [key(r.actor, r.actor_type), r]));
  const sessionsOf = new Map(sessionRows.map((r) => [key(r.actor, r.actor_type), r]));
  const resources = new Map(resourceRows.map((r) => [key(r.actor, r.actor_type), r]));
  const rolled = actorRows.map((row) => {
    const k = key(row.actor, row.actor_type);
    return toActor(row, placesOf.get(k), sessionsOf.get(k), resources.get(k));
  });
  const actors = rolled.map((r) => r.actor);

  // Validated like the events: what the store holds is checked before it goes out.
  return summarySchema.parse({
    actors,
    totals: {
      events: actors.reduce((n, a) => n + a.events, 0),
      changes: actors.reduce((n, a) => n + a.changes, 0),
      errors: actors.reduce((n, a) => n + a.errors, 0),
      denied: actors.reduce((n, a) => n + a.denied, 0),
      actors: actors.length,
    },
    highlights: buildHighlights({
      actors: rolled.map((r) => r.facts),
      novelties: baseline.novelties,
      baselineLabel: describeWindow(width),
    }),
    timeline: timelineOf(timelineRows, filter, bucketSeconds),
    baseline: { ...baselineRange, events: baseline.events },
  });
}
