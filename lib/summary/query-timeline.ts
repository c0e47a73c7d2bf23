import type { EventFilter } from "../query/event-query";
import type { SummaryTimeline } from "../query/summary-response";
import type { Store } from "../store/database";
import { queryTimelineCounts } from "../store/timeline-counts";
import { bucketSecondsFor, bucketStarts, summaryTimeline } from "./timeline";

/**
 * Events per time bucket and category, with errors and changes, for the
 * events matching `filter`: one GROUP BY in the store over the view's
 * counted rows (lib/store/timeline-counts.ts), every bucket of the range
 * filled in. The summary's charts and the events page's histogram.
 */
export async function queryTimeline(store: Store, filter: EventFilter): Promise<SummaryTimeline> {
  const bucketSeconds = bucketSecondsFor(filter.from, filter.to);
  const starts = bucketStarts(filter.from, filter.to, bucketSeconds);
  const lastBucket = starts[starts.length - 1]! / (bucketSeconds * 1000);
  const counts = await queryTimelineCounts(store, filter, bucketSeconds, lastBucket);
  return summaryTimeline(counts, filter.from, filter.to, bucketSeconds);
}
