import type { TimeRange } from "../../query/event-query";
import {
  attributeQuery,
  type LookupAttribute,
  type LookupCategory,
  type LookupScope,
} from "./lookup-scope";

/**
 * LookupEvents reads are cut into fixed UTC windows so that a window read once,
 * and old enough that no more events can arrive in it, is never read again
 * (its version is "final"); the window that holds "now" is read again on
 * every refresh. Management windows are an hour; Insights are rare, a day.
 * A read filtered by a lookup attribute finds few events: its windows are a
 * day, and it is skipped when the unfiltered windows it lies in are all final.
 * A read by event ID is one window over the whole range.
 */

export interface LookupSlice {
  category: LookupCategory;
  /** Inclusive start, exclusive end, ISO. */
  from: string;
  to: string;
  /** `final` once the window ended more than SETTLE_MS ago; otherwise changes on every read. */
  version: string;
  /** Stable name of the window, the origin key of its events. */
  key: string;
  /** Sent with every call of the window. */
  attribute: LookupAttribute | null;
  /** Unfiltered windows holding every event of this filtered one. */
  coveredBy: { key: string; version: string }[];
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** LookupEvents shows an event within about 15 minutes of the call. */
const SETTLE_MS = 20 * 60_000;
/** Event history keeps 90 days. */
export const HISTORY_MS = 90 * DAY_MS;

const WINDOW_MS: Record<LookupCategory, number> = { management: HOUR_MS, insight: DAY_MS };

const FULL_SCOPE: LookupScope = {
  categories: ["management", "insight"],
  attribute: null,
  insightAttribute: null,
};

export function lookupSlices(
  range: TimeRange,
  now: number,
  scope: LookupScope = FULL_SCOPE,
): LookupSlice[] {
  const from = Math.max(Date.parse(range.from), now - HISTORY_MS);
  const to = Math.min(Date.parse(range.to), now);
  if (!(to > from)) return [];
  const slices: LookupSlice[] = [];
  for (const category of scope.categories) {
    const attribute = category === "management" ? scope.attribute : scope.insightAttribute;
    if (attribute?.key === "EventId") {
      // One event: a single call over the whole range finds it.
      const window = { from: new Date(from).toISOString(), to: new Date(to + 1).toISOString() };
      slices.push({
        category,
        ...window,
        version: to + SETTLE_MS < now ? "final" : `live@${now}`,
        key: `${category}/${window.from}..${window.to}?${attributeQuery(attribute)}`,
        attribute,
        coveredBy: [],
      });
      continue;
    }
    const width = attribute ? DAY_MS : WINDOW_MS[category];
    for (let start = Math.floor(from / width) * width; start <= to; start += width) {
      const end = start + width;
      const iso = new Date(start).toISOString();
      const name = `${category}/${width === DAY_MS ? iso.slice(0, 10) : iso.slice(0, 13)}`;
      const window = { from: iso, to: new Date(end).toISOString() };
      slices.push({
        category,
        ...window,
        version: end + SETTLE_MS < now ? "final" : `live@${now}`,
        key: attribute ? `${name}?${attributeQuery(attribute)}` : name,
        attribute,
        coveredBy: attribute
          ? lookupSlices(window, now, {
              categories: [category],
              attribute: null,
              insightAttribute: null,
            })
              .filter((s) => s.from < window.to)
              .map((s) => ({ key: s.key, version: s.version }))
          : [],
      });
    }
  }
  return slices;
}
