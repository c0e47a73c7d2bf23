import type { EventFilter } from "../query/event-query";
import {
  type Summary,
  type SummaryAction,
  type SummaryActor,
  summarySchema,
} from "../query/summary-response";
import { type ActorActivity, queryActorActivity } from "../store/actor-activity";
import { queryBaseline } from "../store/baseline-novelties";
import { queryRiskSignals } from "../store/risk-signals";
import type { Store } from "../store/database";
import { buildHighlights } from "./highlights";
import { highlightInput } from "./query-highlights";
import { queryTimeline } from "./query-timeline";
import { actorSentence } from "./sentence";
import { baselineRange } from "./timeline";

/**
 * "Who did what" over the events matching a filter (the wire shape:
 * lib/query/summary-response.ts): one row per actor with a sentence about it,
 * the highlights, a timeline and totals, made from what the store counts
 * (lib/store/actor-activity.ts, timeline-counts.ts, baseline-novelties.ts),
 * whose queries run in parallel.
 */

/** One actor of the summary, from what the store counted of it. */
function summaryActor(activity: ActorActivity): SummaryActor {
  const { topChanges } = activity;
  const topActions: SummaryAction[] = (topChanges.length > 0 ? topChanges : activity.topCalls).map(
    (a) => ({ eventName: a.eventName, eventSource: a.eventSource, count: a.count }),
  );
  const base = {
    actor: activity.actor,
    actorType: activity.actorType,
    actorAccount: activity.actorAccount,
    accounts: activity.accounts,
    events: activity.events,
    changes: activity.changes,
    reads: activity.reads,
    errors: activity.errors,
    denied: activity.denied,
    services: activity.services,
    changedServices: activity.changedServices,
    topActions,
    topActionsAre: topChanges.length > 0 ? "changes" : "calls",
    resourcesChanged: { count: activity.resourcesChanged, top: activity.topResources },
    console: activity.console,
    programmatic: activity.events - activity.console,
    sessionCount: activity.sessionCount,
    sessions: activity.sessions,
    regions: activity.regions,
    firstSeen: activity.firstSeen,
    lastSeen: activity.lastSeen,
  } satisfies Omit<SummaryActor, "sentence">;
  return {
    ...base,
    sentence: actorSentence({
      ...base,
      services: activity.serviceNames,
      changedServices: activity.changedServiceNames,
    }),
  };
}

/** The summary of the events matching `filter`. */
export async function querySummary(store: Store, filter: EventFilter): Promise<Summary> {
  const baselineWindow = baselineRange(filter);
  const [activity, timeline, baseline, signals] = await Promise.all([
    queryActorActivity(store, filter),
    queryTimeline(store, filter),
    queryBaseline(store, filter, baselineWindow),
    queryRiskSignals(store, filter),
  ]);
  const actors = activity.map(summaryActor);

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
    highlights: buildHighlights(highlightInput(filter, activity, baseline, signals)),
    timeline,
    baseline: { ...baselineWindow, events: baseline.events },
  });
}
