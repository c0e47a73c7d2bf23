import { isLogFileKey, type AthenaSearch } from "./athena/athena-searches";
import type { AthenaSearchStatus } from "./athena/athena-schema";
import type { RangeLoadStatus } from "./load/load-manager";
import type { EventFilter, EventQuery } from "./query/event-query";
import type { Trailglass } from "./trailglass";

/**
 * What a view needs loaded, and how: its range from every source, or, through
 * an Athena search (asked for with `athena=`, or because the range is too
 * large to load whole), the S3 source's files the search names.
 */

export interface ViewLoad {
  status: RangeLoadStatus;
  /** The view's Athena search, when it goes through one. */
  athena: AthenaSearchStatus | null;
}

export async function ensureView(app: Trailglass, query: EventQuery): Promise<ViewLoad> {
  const athena = app.athena;
  // A view that went through Athena stays there (its range is not listed again at each request).
  if (!athena || (query.athena === null && !athena.find(query.filter))) {
    const status = app.loads.ensureRange(query.filter, { confirmed: query.confirm });
    if (!athena) return { status, athena: null };
    // Too large to load whole: Athena finds the files that matter instead (known once listed).
    await status.planned();
    if (!status.pendingFrom(athena.source.id)) return { status, athena: null };
  }
  const search = athena.ensure(query.filter, { run: query.athena === "run" });
  const narrowed = () =>
    app.loads.ensureRange(query.filter, {
      confirmed: query.confirm,
      narrowing: {
        source: athena.source.id,
        variant: `athena:${search.id}`,
        keep: keepOf(search, query.filter),
      },
    });
  return { status: untilSearched(narrowed(), search, narrowed), athena: search.status };
}

/**
 * The files to read of a search's answer: those it named, and, when the view
 * can show Insights events, the Insights files the CloudTrail table does not read.
 */
function keepOf(search: AthenaSearch, filter: EventFilter): ((key: string) => boolean) | null {
  const files = search.files;
  if (!files) return null;
  const insights =
    (filter.category.length === 0 || filter.category.includes("Insight")) &&
    !filter.exclude.category?.includes("Insight");
  return (key) => files.has(key) || (insights && !isLogFileKey(key));
}

/** The view's load status, incomplete until the search has answered and its files are loaded. */
function untilSearched(
  status: RangeLoadStatus,
  search: AthenaSearch,
  again: () => RangeLoadStatus,
): RangeLoadStatus {
  const answered = () => search.status.state === "succeeded";
  return {
    get complete() {
      return answered() && status.complete;
    },
    get digestsComplete() {
      return answered() && status.digestsComplete;
    },
    get progress() {
      return status.progress;
    },
    get problems() {
      return status.problems;
    },
    get pending() {
      return status.pending;
    },
    pendingFrom: (source) => status.pendingFrom(source),
    planned: () => status.planned(),
    listed: (maxMs) => status.listed(maxMs),
    // Once the search answers, its files are what is waited for.
    wait: async () => {
      await search.done;
      await again().wait();
    },
    waitForDigests: async () => {
      await search.done;
      await again().waitForDigests();
    },
  };
}
