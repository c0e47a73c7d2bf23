"use client";

import { useQuery } from "@tanstack/react-query";
import type { SetValues } from "nuqs";
import type { TimeRange } from "@/lib/query/event-query";
import { filterChips, withoutFilters } from "./filter-chips-model";
import styles from "./empty-view.module.css";
import { fetchEvents } from "./fetch-events";
import type { FilterState } from "./filter-values";
import { formatCount, formatUtc } from "./format";
import type { eventsSearchParams } from "./search-params";

const WEEK_MS = 7 * 86_400_000;

/**
 * No event matches the view: said where the table would be, with what to
 * try: the range without the filters (and how many it holds), the data's own
 * range when the view's misses it, or a wider range.
 */
export function EmptyView({
  state,
  setState,
  range,
  dataSpan,
}: {
  state: FilterState;
  setState: SetValues<typeof eventsSearchParams>;
  /** The view's range, as the server read it. */
  range: TimeRange;
  /** Where the data lies when the server knows it (the sample); null for live sources. */
  dataSpan: TimeRange | null;
}) {
  const chips = filterChips(state);
  const unfiltered = useQuery({
    queryKey: ["events-count", range.from, range.to],
    queryFn: ({ signal }) =>
      fetchEvents(new URLSearchParams({ ...range, limit: "1", raw: "0" }), null, signal),
    enabled: chips.length > 0,
  });
  const outside =
    dataSpan !== null &&
    (Date.parse(range.to) < Date.parse(dataSpan.from) ||
      Date.parse(range.from) > Date.parse(dataSpan.to));
  const widerFrom = new Date(Date.parse(range.to) - WEEK_MS).toISOString();

  return (
    <section className={styles.empty} role="status" data-testid="no-events">
      <h2>No events match this view</h2>
      <p>
        From {formatUtc(range.from)} to {formatUtc(range.to)} UTC
        {chips.length > 0 &&
          `, with ${chips.length} filter${chips.length === 1 ? "" : "s"} (above)`}
        . Try:
      </p>
      <ul>
        {outside && dataSpan ? (
          <li>
            <button
              type="button"
              onClick={() => void setState({ from: dataSpan.from, to: dataSpan.to, event: null })}
              data-testid="empty-data-span"
            >
              The sample&apos;s range
            </button>{" "}
            <span className="muted">
              its events lie from {formatUtc(dataSpan.from)} to {formatUtc(dataSpan.to)} UTC
            </span>
          </li>
        ) : (
          Date.parse(range.to) - Date.parse(range.from) < WEEK_MS && (
            <li>
              <button
                type="button"
                onClick={() => void setState({ from: widerFrom, to: range.to, event: null })}
                data-testid="empty-widen"
              >
                The 7 days up to {formatUtc(range.to)}
              </button>
            </li>
          )
        )}
        {chips.length > 0 && unfiltered.data?.total !== 0 && (
          <li>
            <button
              type="button"
              onClick={() => void setState(withoutFilters())}
              data-testid="empty-clear-filters"
            >
              Remove the filters
            </button>{" "}
            {unfiltered.data?.total != null && (
              <span className="muted">
                the range holds {formatCount(unfiltered.data.total)} events without them
              </span>
            )}
          </li>
        )}
        <li className="muted">
          Event names, principals and error codes match whole values, case included; to find a part
          of any value, use Search the whole record.
        </li>
      </ul>
    </section>
  );
}
