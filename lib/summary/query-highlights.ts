import type { EventFilter } from "../query/event-query";
import type { Highlight } from "../query/summary-response";
import { queryActorCounts } from "../store/actor-activity";
import { type Baseline, queryBaseline } from "../store/baseline-novelties";
import type { Store } from "../store/database";
import { queryRiskSignals, type RiskSignals } from "../store/risk-signals";
import { type ActorFacts, buildHighlights, type HighlightInput } from "./highlights";
import { baselineRange, describeWindow } from "./timeline";

/** What buildHighlights takes, from what the store counted for the view `filter`. */
export function highlightInput(
  filter: EventFilter,
  actors: readonly ActorFacts[],
  baseline: Baseline,
  signals: RiskSignals,
): HighlightInput {
  return {
    actors,
    novelties: baseline.novelties,
    baselineLabel: describeWindow(Date.parse(filter.to) - Date.parse(filter.from)),
    risk: { signals, range: { from: filter.from, to: filter.to } },
  };
}

/**
 * The highlights of Who did what alone, for the events page's strip: the
 * actors' counts (not their sessions or resources), the baseline's
 * novelties and the risk signals, queried in parallel.
 */
export async function queryHighlights(store: Store, filter: EventFilter): Promise<Highlight[]> {
  const [actors, baseline, signals] = await Promise.all([
    queryActorCounts(store, filter),
    queryBaseline(store, filter, baselineRange(filter)),
    queryRiskSignals(store, filter),
  ]);
  return buildHighlights(highlightInput(filter, actors, baseline, signals));
}
