"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { parseAsString, useQueryState, useQueryStates } from "nuqs";
import { drillDownHref } from "@/lib/query/drill-down";
import { retryUnlessRefused, fetchSummary } from "../events/fetch-events";
import { FilterBar } from "../events/filter-bar";
import { QueryErrorPanel } from "../events/query-error";
import { formatCount, formatUtc } from "../events/format";
import { LoadProgress } from "../events/load-progress";
import { apiParamsFromUrl, eventsSearchParams } from "../events/search-params";
import { StatusLine } from "../events/status-line";
import { RelativeTimeContext, TimeZoneContext } from "../events/time-zone";
import { ACTOR_SORTS, type ActorSort, ActorsTable, sortActors } from "./actors-table";
import { Highlights } from "./highlights";
import { SummaryCharts } from "./summary-charts";

/** People, roles and accounts first; AWS services acting on their behalf apart (and hideable). */
const ACTOR_GROUPS = [
  { label: "People, roles and accounts", services: false, testId: "actors-people" },
  { label: "AWS services", services: true, testId: "actors-services" },
] as const;

/** `/summary`: who did what in the view (the same filters as the table, in the URL). */
export function SummaryView() {
  const [state, setState] = useQueryStates(eventsSearchParams, { history: "push" });
  const [byParam, setBy] = useQueryState("by", parseAsString.withOptions({ history: "replace" }));
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

  const descending = byParam ? byParam.startsWith("-") : true;
  const byName = (byParam ?? "-events").replace(/^-/, "");
  const by: ActorSort = (ACTOR_SORTS as readonly string[]).includes(byName)
    ? (byName as ActorSort)
    : "events";
  const sortBy = (key: ActorSort) => {
    const nextDescending = key === by ? !descending : key !== "actor";
    const next = `${nextDescending ? "-" : ""}${key}`;
    void setBy(next === "-events" ? null : next);
  };
  const servicesHidden = state["-actorType"].includes("service");

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
  const csvParams = new URLSearchParams(apiKey);
  csvParams.set("format", "csv");

  return (
    <TimeZoneContext.Provider value={state.tz}>
      <RelativeTimeContext.Provider value={false}>
        <div className="summary-layout">
          <FilterBar state={state} setState={setState} range={range} />
          <StatusLine>
            <span data-testid="summary-total">
              {data
                ? `${formatCount(data.totals.events)} events by ${formatCount(data.totals.actors)} actors: ${formatCount(data.totals.changes)} changes, ${formatCount(data.totals.errors)} errors (${formatCount(data.totals.denied)} denied)`
                : "Summarizing…"}
            </span>
            {data && (
              <LoadProgress
                complete={data.complete}
                progress={data.progress}
                waiting={data.pending !== null}
              />
            )}
            <label className="check">
              <input
                type="checkbox"
                checked={servicesHidden}
                onChange={(e) => {
                  const others = state["-actorType"].filter((t) => t !== "service");
                  void setState({
                    "-actorType": e.target.checked ? [...others, "service"] : others,
                  });
                }}
                data-testid="hide-services"
              />
              Hide AWS services
            </label>
            <span className="summary-actions">
              <a href={`/api/summary?${csvParams.toString()}`} download data-testid="summary-csv">
                Download CSV
              </a>
              <button type="button" onClick={() => window.print()}>
                Print
              </button>
              <Link href={drillDownHref(view, {})}>Open in the table</Link>
            </span>
          </StatusLine>
          {range && (
            <h2 className="print-title">
              Who did what, {formatUtc(range.from)} to {formatUtc(range.to)} UTC
            </h2>
          )}
          {data && (
            <>
              <section className="summary-lead" aria-label="What stands out">
                <h2>What stands out</h2>
                <Highlights highlights={data.highlights} view={view} />
              </section>
              <SummaryCharts
                timeline={data.timeline}
                actors={data.actors}
                view={view}
                zone={state.tz}
              />
              {data.actors.length === 0 && (
                <p className="muted" data-testid="no-actors">
                  No events match this view.
                </p>
              )}
              {ACTOR_GROUPS.map(({ label, services, testId }) => {
                const actors = data.actors.filter((a) => (a.actorType === "service") === services);
                if (actors.length === 0) return null;
                return (
                  <section key={testId} aria-label={label} data-testid={testId}>
                    <h2>
                      {label} ({formatCount(actors.length)})
                    </h2>
                    <ActorsTable
                      actors={sortActors(actors, by, descending)}
                      view={view}
                      by={by}
                      descending={descending}
                      onSort={sortBy}
                    />
                  </section>
                );
              })}
            </>
          )}
        </div>
      </RelativeTimeContext.Provider>
    </TimeZoneContext.Provider>
  );
}
