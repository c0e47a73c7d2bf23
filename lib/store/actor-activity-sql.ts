import type { ActorType } from "../cloudtrail/event-schema";
import { CHANGE_SQL, deniedSql, IAM_SOURCE, loggingChangeSql } from "../summary/rules";
import { ISO_TIME_FORMAT } from "./event-rows";
import { type Sql, sql } from "./sql";

/**
 * The SQL of actor-activity.ts: four queries, each one row per actor, and the
 * rows they answer. Each groups the matching events once (by actor and action,
 * by actor and place, …) and ranks inside DuckDB, so only small results come back.
 */

const TOP_ACTIONS = sql.number(5);
const TOP_SESSIONS = sql.number(10);
const TOP_RESOURCES = sql.number(5);

/** The summary's rules (lib/summary/rules.ts) as SQL: fixed text of this code. */
const IS_CHANGE = sql.raw(CHANGE_SQL);
const IS_DENIED = sql.raw(deniedSql("error_code"));
const IS_LOGGING_CHANGE = sql.raw(loggingChangeSql("event_source", "event_name"));
const IAM = sql.raw(`'${IAM_SOURCE}'`);

/**
 * Rows whose actor is keyed by (actor, actor_type, actor_account): a role
 * named `deploy` in two accounts is two actors, a person is one in every
 * account. The account is '' where there is none, so the key joins (NULL
 * never equals NULL); actor-activity.ts turns it back into null. The queries
 * over the events themselves group by the column as it is (NULLs group
 * together) and write '' only in their answer: a wrapper there would cost a
 * projection of the whole scan.
 */
function keyed(rows: Sql): Sql {
  return sql`(SELECT * REPLACE (coalesce(actor_account, '') AS actor_account) FROM ${rows})`;
}

/** Calls of one action (event source and name) by one actor. */
export interface ActionCount {
  eventName: string;
  eventSource: string;
  count: number;
}

export interface ActorRow {
  actor: string;
  actor_type: ActorType;
  /** '' for an actor of no one account (a person, a service). */
  actor_account: string;
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
export const ACTION_COLUMNS = [
  "actor",
  "actor_type",
  "actor_account",
  "sign_in_failed",
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
export function actorsQuery(counted: Sql): Sql {
  const action = (count: string) =>
    sql`{eventName: event_name, eventSource: event_source, count: (${sql.raw(count)})::INTEGER}`;
  return sql`
  WITH actions AS (
    SELECT actor, actor_type, actor_account, event_source, event_name, error_code, sign_in_failed,
      any_value(service) AS service,
      sum(n) AS n,
      coalesce(sum(n) FILTER (WHERE ${IS_CHANGE}), 0) AS changes,
      coalesce(sum(n) FILTER (WHERE read_only = true), 0) AS reads,
      coalesce(sum(n) FILTER (WHERE from_console), 0) AS console,
      min(first_time) AS first_seen,
      max(last_time) AS last_seen
    FROM ${keyed(counted)}
    GROUP BY actor, actor_type, actor_account, event_source, event_name, error_code, sign_in_failed
  ),
  flagged AS MATERIALIZED (
    SELECT *, (error_code IS NOT NULL OR sign_in_failed) AS failed, ${IS_DENIED} AS is_denied
    FROM actions
  ),
  by_action AS (
    SELECT actor, actor_type, actor_account, event_source, event_name,
      sum(n) AS n,
      sum(changes) AS changes,
      coalesce(sum(n) FILTER (WHERE failed), 0) AS failed,
      coalesce(sum(n) FILTER (WHERE is_denied), 0) AS denied
    FROM flagged GROUP BY actor, actor_type, actor_account, event_source, event_name
  ),
  ranked AS (
    SELECT *,
      row_number() OVER (PARTITION BY actor, actor_type, actor_account
        ORDER BY changes DESC, n DESC, event_name, event_source) AS change_rank,
      row_number() OVER (PARTITION BY actor, actor_type, actor_account
        ORDER BY n DESC, event_name, event_source) AS call_rank,
      row_number() OVER (PARTITION BY actor, actor_type, actor_account
        ORDER BY denied DESC, event_name, event_source) AS denied_rank
    FROM by_action
  ),
  action_lists AS (
    SELECT actor, actor_type, actor_account,
      list(${action("changes")} ORDER BY change_rank)
        FILTER (WHERE change_rank <= ${TOP_ACTIONS} AND changes > 0) AS top_changes,
      list(${action("n")} ORDER BY call_rank) FILTER (WHERE call_rank <= ${TOP_ACTIONS}) AS top_calls,
      list(${action("denied")} ORDER BY denied_rank)
        FILTER (WHERE denied > 0 AND denied_rank <= 4) AS denied_actions,
      list(${action("changes")} ORDER BY changes DESC, event_name)
        FILTER (WHERE event_source = ${IAM} AND changes > 0) AS iam_changes,
      list({eventName: event_name, eventSource: event_source, count: n::INTEGER,
            failed: failed::INTEGER} ORDER BY n DESC, event_name)
        FILTER (WHERE ${IS_LOGGING_CHANGE}) AS logging_calls
    FROM ranked GROUP BY actor, actor_type, actor_account
  ),
  by_source AS (
    SELECT actor, actor_type, actor_account, event_source, any_value(service) AS service,
      sum(n) AS n, sum(changes) AS changes
    FROM flagged GROUP BY actor, actor_type, actor_account, event_source
  ),
  service_lists AS (
    SELECT actor, actor_type, actor_account,
      list(event_source ORDER BY n DESC, event_source) AS services,
      list(service ORDER BY n DESC, event_source) AS service_names,
      list(event_source ORDER BY changes DESC, event_source) FILTER (WHERE changes > 0)
        AS changed_services,
      list(service ORDER BY changes DESC, event_source) FILTER (WHERE changes > 0)
        AS changed_service_names
    FROM by_source GROUP BY actor, actor_type, actor_account
  ),
  denied_codes AS (
    SELECT actor, actor_type, actor_account, list(error_code ORDER BY n DESC, error_code) AS denied_codes
    FROM (SELECT actor, actor_type, actor_account, error_code, sum(n) AS n FROM flagged WHERE is_denied
          GROUP BY actor, actor_type, actor_account, error_code)
    GROUP BY actor, actor_type, actor_account
  ),
  totals AS (
    SELECT actor, actor_type, actor_account,
      sum(n) AS events, sum(changes) AS changes, sum(reads) AS reads,
      coalesce(sum(n) FILTER (WHERE failed), 0) AS errors,
      coalesce(sum(n) FILTER (WHERE is_denied), 0) AS denied,
      sum(console) AS console,
      min(first_seen) AS first_seen, max(last_seen) AS last_seen
    FROM flagged GROUP BY actor, actor_type, actor_account
  )
  SELECT t.actor, t.actor_type, t.actor_account,
    t.events::INTEGER AS events, t.changes::INTEGER AS changes, t.reads::INTEGER AS reads,
    t.errors::INTEGER AS errors, t.denied::INTEGER AS denied, t.console::INTEGER AS console,
    strftime(t.first_seen, ${ISO_TIME_FORMAT}) AS first_seen, strftime(t.last_seen, ${ISO_TIME_FORMAT}) AS last_seen,
    a.top_changes, a.top_calls, a.denied_actions, a.iam_changes, a.logging_calls,
    d.denied_codes, s.services, s.service_names, s.changed_services, s.changed_service_names
  FROM totals t
  JOIN action_lists a USING (actor, actor_type, actor_account)
  JOIN service_lists s USING (actor, actor_type, actor_account)
  LEFT JOIN denied_codes d USING (actor, actor_type, actor_account)
  ORDER BY t.events DESC, t.actor, t.actor_type, t.actor_account`;
}

export interface PlacesRow {
  actor: string;
  actor_type: string;
  actor_account: string;
  accounts: string[];
  regions: string[];
}

/** What placesQuery reads of each event. */
export const PLACE_COLUMNS = ["actor", "actor_type", "actor_account", "account", "region"];

/** Per actor: the accounts and Regions it acted in, most events first; from the counted rows. */
export function placesQuery(counted: Sql): Sql {
  return sql`
  WITH places AS (
    SELECT actor, actor_type, actor_account, account, region, sum(n) AS n
    FROM ${keyed(counted)}
    GROUP BY actor, actor_type, actor_account, account, region
  ),
  account_lists AS (
    SELECT actor, actor_type, actor_account, list(account ORDER BY n DESC, account) AS accounts
    FROM (SELECT actor, actor_type, actor_account, account, sum(n) AS n FROM places WHERE account IS NOT NULL
          GROUP BY actor, actor_type, actor_account, account)
    GROUP BY actor, actor_type, actor_account
  ),
  region_lists AS (
    SELECT actor, actor_type, actor_account, list(region ORDER BY n DESC, region) AS regions
    FROM (SELECT actor, actor_type, actor_account, region, sum(n) AS n FROM places WHERE region IS NOT NULL
          GROUP BY actor, actor_type, actor_account, region)
    GROUP BY actor, actor_type, actor_account
  )
  SELECT p.actor, p.actor_type, p.actor_account,
    coalesce(a.accounts, []) AS accounts, coalesce(r.regions, []) AS regions
  FROM (SELECT DISTINCT actor, actor_type, actor_account FROM places) p
  LEFT JOIN account_lists a USING (actor, actor_type, actor_account)
  LEFT JOIN region_lists r USING (actor, actor_type, actor_account)`;
}

export interface SessionsRow {
  actor: string;
  actor_type: string;
  actor_account: string;
  session_count: number;
  sessions: { name: string; events: number }[] | null;
}

/**
 * Per actor: the principals rolled up into it (event_counts does not keep
 * them: from the events `where`, a condition, selects).
 */
export function sessionsQuery(where: Sql): Sql {
  return sql`
  WITH principals AS (
    SELECT actor, actor_type, actor_account, principal, count(*) AS n,
      row_number() OVER (PARTITION BY actor, actor_type, actor_account
        ORDER BY (principal = actor), count(*) DESC, principal) AS rank
    FROM events WHERE ${where}
    GROUP BY actor, actor_type, actor_account, principal
  )
  SELECT actor, actor_type, coalesce(actor_account, '') AS actor_account,
    count(*)::INTEGER AS session_count,
    list({name: principal, events: n::INTEGER} ORDER BY rank)
      FILTER (WHERE rank <= ${TOP_SESSIONS} AND principal <> actor) AS sessions
  FROM principals GROUP BY actor, actor_type, actor_account`;
}

export interface ResourcesRow {
  actor: string;
  actor_type: string;
  actor_account: string;
  resources: number;
  top: string[];
}

/** Per actor: the distinct resources its changes (of the events `where` selects) name (their readable labels). */
export function resourcesQuery(where: Sql): Sql {
  return sql`
  WITH named AS (
    SELECT actor, actor_type, actor_account, unnest(resource_labels) AS label
    FROM events WHERE ${where} AND ${IS_CHANGE} AND len(resource_labels) > 0
  ),
  counted AS (
    SELECT actor, actor_type, actor_account, label, count(*) AS n
    FROM named WHERE label IS NOT NULL AND label <> ''
    GROUP BY actor, actor_type, actor_account, label
  )
  -- Top N by a hash aggregate (most changed first, then by name): a window would sort every label.
  SELECT actor, actor_type, coalesce(actor_account, '') AS actor_account,
    count(*)::INTEGER AS resources,
    min_by(label, {n: -n, label: label}, ${TOP_RESOURCES}) AS top
  FROM counted GROUP BY actor, actor_type, actor_account`;
}
