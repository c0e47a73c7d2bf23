"use client";

import { useQuery } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { useQueryStates } from "nuqs";
import type { TimeRange } from "@/lib/query/event-query";
import { cx } from "../app/class-names";
import { Collapsible } from "../app/collapsible";
import { fetchSummary, retryUnlessRefused } from "../events/fetch-events";
import { FilterBar } from "../events/filter-bar";
import { formatUtc } from "../events/format";
import { QueryErrorPanel } from "../events/query-error";
import { apiParamsFromUrl, eventsSearchParams } from "../events/search-params";
import { RelativeTimeContext, TimeZoneContext } from "../events/time-zone";
import { ActorGroups } from "./actor-groups";
import { useActorSort } from "./actor-sort";
import { Highlights } from "./highlights";
import { SummaryCharts } from "./summary-charts";
import { SummaryStatus } from "./summary-status";
import styles from "./summary-view.module.css";

/**
 * `/summary`: who did what in the view (the same filters as the table, in the
 * URL). `dataSpan`: where the data lies when it is a fixed set (the sample).
 */
export function SummaryView({ dataSpan }: { dataSpan: TimeRange | null }) {
  const [state, setState] = useQueryStates(eventsSearchParams, { history: "push" });
  const { by, descending, sortBy } = useActorSort();
  const searchParams = useSearchParams();
  const view = new URLSearchParams(searchParams.toString());
  const api = apiParamsFromUrl(view);
  // The table's sort does not change a summary: one cache entry per filter.
  api.delete("sort");
  const apiKey = api.toString();

  const summary = useQuery({
    queryKey: ["summary", apiKey],
    queryFn: ({ signal }) => fetchSummary(new URLSearchParams(apiKey), signal),
    refetchInterval: (query) => (query.state.data?.complete === false ? 1500 : false),
    retry: retryUnlessRefused,
  });

  if (summary.error) {
    return (
      <QueryErrorPanel
        title="This summary cannot be shown"
        error={summary.error}
        resetHref="/summary"
      />
    );
  }
  const data = summary.data;
  const range = data?.range ?? null;

  return (
    <TimeZoneContext.Provider value={state.tz}>
      <RelativeTimeContext.Provider value={false}>
        <div className={styles.layout}>
          {/* The page's h1: read out on screen (the header names the view), the report's title printed. */}
          {/* print-title: the e2e print test looks for it. */}
          <h1 className={cx(styles.title, "visually-hidden", "print-title")}>
            Who did what
            {range && `, ${formatUtc(range.from)} to ${formatUtc(range.to)} UTC`}
          </h1>
          <Collapsible label="Filters" below="phone" testId="filters-disclosure">
            <FilterBar state={state} setState={setState} range={range} dataSpan={dataSpan} />
          </Collapsible>
          <SummaryStatus
            data={data}
            apiParams={apiKey}
            view={view}
            state={state}
            setState={setState}
          />
          {data && (
            <>
              <section aria-label="What stands out">
                <h2>What stands out</h2>
                <Highlights highlights={data.highlights} view={view} />
              </section>
              <SummaryCharts
                timeline={data.timeline}
                range={data.range}
                actors={data.actors}
                view={view}
                zone={state.tz}
              />
              {data.actors.length === 0 && (
                <p className="muted" data-testid="no-actors">
                  No events match this view.
                </p>
              )}
              <ActorGroups
                actors={data.actors}
                view={view}
                by={by}
                descending={descending}
                onSort={sortBy}
              />
            </>
          )}
        </div>
      </RelativeTimeContext.Provider>
    </TimeZoneContext.Provider>
  );
}
