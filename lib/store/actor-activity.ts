import type { ActorType } from "../cloudtrail/event-schema";
import type { EventFilter } from "../query/event-query";
import {
  ACTION_COLUMNS,
  type ActionCount,
  actorsQuery,
  type ActorRow,
  PLACE_COLUMNS,
  placesQuery,
  type PlacesRow,
  resourcesQuery,
  type ResourcesRow,
  sessionsQuery,
  type SessionsRow,
} from "./actor-activity-sql";
import { countedEventsSql } from "./counted-events";
import type { Store } from "./database";
import { eventFilterSql } from "./event-filter-sql";

export type { ActionCount } from "./actor-activity-sql";

/**
 * What each actor (the roll-up of principals, lib/cloudtrail/identity.ts) did
 * over the events matching a filter: counts, actions, services, places,
 * sessions and resources changed. Data only: lib/summary makes the prose.
 */
export interface ActorActivity {
  actor: string;
  actorType: ActorType;
  /** The account of an account-scoped actor (root, IAM user, role); null for people and services. */
  actorAccount: string | null;
  events: number;
  /** Calls that are not read-only, console sign-ins excepted (lib/summary/rules.ts). */
  changes: number;
  reads: number;
  /** Failed calls; `denied` of them are access denials. */
  errors: number;
  denied: number;
  /** Calls made from the AWS console. */
  console: number;
  firstSeen: string;
  lastSeen: string;
  /** The 5 actions with the most changes (none when it changed nothing). */
  topChanges: ActionCount[];
  /** The 5 actions called most. */
  topCalls: ActionCount[];
  /** The 4 actions denied most. */
  deniedActions: ActionCount[];
  /** Error codes of the denials, most frequent first. */
  deniedCodes: string[];
  /** Changes to IAM (iam.amazonaws.com), most first. */
  iamChanges: ActionCount[];
  /** Calls that change logging (LOGGING_CHANGES), most first, with how many failed. */
  loggingCalls: (ActionCount & { failed: number })[];
  /** Event sources called, most used first, and their short service names (`iam`, `s3`). */
  services: string[];
  serviceNames: string[];
  /** Event sources of the changes, most changes first, and their short service names. */
  changedServices: string[];
  changedServiceNames: string[];
  /** Accounts and Regions the calls landed in, most events first. */
  accounts: string[];
  regions: string[];
  /** Distinct principals rolled up into the actor. */
  sessionCount: number;
  /** The 10 most active of them, when they are not the actor itself. */
  sessions: { name: string; events: number }[];
  /** Distinct resources named by the changes, and the 5 most changed. */
  resourcesChanged: number;
  topResources: string[];
}

/** An actor's key: its name, type and account ('' for none; see actor-activity-sql.ts). */
const key = (r: { actor: string; actor_type: string; actor_account: string }) =>
  `${r.actor_type}\u0000${r.actor_account}\u0000${r.actor}`;

const orEmpty = <T>(value: T[] | null | undefined): T[] => value ?? [];

/** An actor's counts, actions and places: what the highlights need (no sessions, no resources). */
export type ActorCounts = Omit<
  ActorActivity,
  "sessionCount" | "sessions" | "resourcesChanged" | "topResources"
>;

function countsOf(row: ActorRow, place: PlacesRow | undefined): ActorCounts {
  return {
    actor: row.actor,
    actorType: row.actor_type,
    actorAccount: row.actor_account || null,
    events: row.events,
    changes: row.changes,
    reads: row.reads,
    errors: row.errors,
    denied: row.denied,
    console: row.console,
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
    topChanges: orEmpty(row.top_changes),
    topCalls: row.top_calls,
    deniedActions: orEmpty(row.denied_actions),
    deniedCodes: orEmpty(row.denied_codes),
    iamChanges: orEmpty(row.iam_changes),
    loggingCalls: orEmpty(row.logging_calls),
    services: row.services,
    serviceNames: row.service_names,
    changedServices: orEmpty(row.changed_services),
    changedServiceNames: orEmpty(row.changed_service_names),
    accounts: place?.accounts ?? [],
    regions: place?.regions ?? [],
  };
}

/**
 * One ActorCounts per actor of the events matching `filter`, most events
 * first: from the counted rows only (two queries).
 */
export async function queryActorCounts(store: Store, filter: EventFilter): Promise<ActorCounts[]> {
  const actions = countedEventsSql(filter, ACTION_COLUMNS);
  const places = countedEventsSql(filter, PLACE_COLUMNS);
  const [actorRows, placeRows] = await Promise.all([
    store.query<ActorRow & Record<string, unknown>>(actorsQuery(actions), "summaries"),
    store.query<PlacesRow & Record<string, unknown>>(placesQuery(places), "summaries"),
  ]);
  const placesOf = new Map(placeRows.map((r) => [key(r), r]));
  return actorRows.map((row) => countsOf(row, placesOf.get(key(row))));
}

/** One ActorActivity per actor of the events matching `filter`, most events first. */
export async function queryActorActivity(
  store: Store,
  filter: EventFilter,
): Promise<ActorActivity[]> {
  const where = eventFilterSql(filter);
  const [counts, sessionRows, resourceRows] = await Promise.all([
    queryActorCounts(store, filter),
    store.query<SessionsRow & Record<string, unknown>>(sessionsQuery(where), "summaries"),
    store.query<ResourcesRow & Record<string, unknown>>(resourcesQuery(where), "summaries"),
  ]);
  const sessionsOf = new Map(sessionRows.map((r) => [key(r), r]));
  const resources = new Map(resourceRows.map((r) => [key(r), r]));
  return counts.map((actor) => {
    const k = key({
      actor: actor.actor,
      actor_type: actor.actorType,
      actor_account: actor.actorAccount ?? "",
    });
    const session = sessionsOf.get(k);
    const changed = resources.get(k);
    return {
      ...actor,
      sessionCount: session?.session_count ?? 0,
      sessions: orEmpty(session?.sessions),
      resourcesChanged: changed?.resources ?? 0,
      topResources: orEmpty(changed?.top),
    };
  });
}
