"use client";

import { useRouter, useSearchParams } from "next/navigation";
import { useQueryStates } from "nuqs";
import { useCallback, useMemo } from "react";
import { Collapsible } from "../app/collapsible";
import { cx } from "../app/class-names";
import { EventDetail } from "./event-detail";
import { EventHistogram } from "./event-histogram";
import { HighlightsStrip } from "./highlights-strip";
import { EventsStatus } from "./events-status";
import { EventsTable } from "./events-table";
import styles from "./events-view.module.css";
import type { SortField } from "@/lib/cloudtrail/fields";
import { DEFAULT_SORT, type TimeRange } from "@/lib/query/event-query";
import { EmptyView } from "./empty-view";
import { FacetsPanel } from "./facets-panel";
import { type FilterToggle, FilterToggleContext, toggledLists } from "./filter-toggle";
import { RelativeTimeContext, TimeZoneContext } from "./time-zone";
import { AthenaOffer, AthenaSearch } from "./athena-search";
import { cancelAthenaSearch, fetchEvents } from "./fetch-events";
import { FilterBar } from "./filter-bar";
import { IntegrityLine } from "./integrity-line";
import { PendingLoad } from "./pending-load";
import { ProblemsPanel } from "./problems-panel";
import { apiParamsFromUrl, eventsSearchParams } from "./search-params";
import { useEventPages } from "./use-event-pages";
import { viewFilterParams } from "./view-filter-params";
import { CancelledPanel, ViewErrorPanel, ViewIssuesPanel } from "./view-problem";
import { viewIssues, withoutRefused } from "./view-issues";

/**
 * The events page: URL -> filters -> `/api/events` pages -> table + detail.
 * `dataSpan`: where the data lies when it is a fixed set (the sample), else null.
 */
export function EventsView({
  canExport,
  canSummarize,
  athenaConfigured,
  dataSpan,
}: {
  canExport: boolean;
  /** May open Who did what: the page shows its highlights. */
  canSummarize: boolean;
  /** TRAILGLASS_ATHENA is set: a view may go through an Athena search of the bucket. */
  athenaConfigured: boolean;
  dataSpan: TimeRange | null;
}) {
  const [state, setState] = useQueryStates(eventsSearchParams, { history: "push" });
  const router = useRouter();
  const searchParams = useSearchParams();
  const apiKey = apiParamsFromUrl(new URLSearchParams(searchParams.toString())).toString();
  // A view the server would refuse is not asked for: its fields say what to fix.
  const issues = useMemo(() => viewIssues(new URLSearchParams(apiKey)), [apiKey]);

  const events = useEventPages(apiKey, issues.length === 0);

  // The first page (no cursor) always carries the view's count.
  const first = events.stale ? undefined : events.data?.pages[0];
  const rows = useMemo(() => events.data?.pages.flatMap((p) => p.events) ?? [], [events.data]);
  const openId = state.event;
  const openRow = rows.find((r) => r.id === openId) ?? null;

  // Opening or closing an event is a step Back undoes; moving the open one along is not.
  const selectEvent = useCallback(
    (id: string | null, how: "open" | "move" = "open") =>
      void setState({ event: id }, { history: how === "move" ? "replace" : "push" }),
    [setState],
  );
  const stepEvent = useCallback(
    (delta: 1 | -1) => {
      const index = rows.findIndex((r) => r.id === openId);
      const next = index >= 0 ? rows[index + delta] : undefined;
      if (next) selectEvent(next.id, "move");
    },
    [rows, openId, selectEvent],
  );
  const sort = state.sort ?? DEFAULT_SORT;
  const sortBy = useCallback(
    (field: SortField) => {
      const descending = sort.field === field ? !sort.descending : field === "time";
      const isDefault = field === DEFAULT_SORT.field && descending === DEFAULT_SORT.descending;
      void setState({ sort: isDefault ? null : { field, descending } });
    },
    [sort, setState],
  );
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = events;
  const loadMore = useCallback(() => void fetchNextPage(), [fetchNextPage]);
  const toggleFilter = useCallback<FilterToggle>(
    (field, value, mode) => {
      const { included, excluded } = toggledLists(state[field], state[`-${field}`], value, mode);
      void setState({ [field]: included, [`-${field}`]: excluded, event: null });
    },
    [state, setState],
  );
  const removeRefused = () => {
    const kept = withoutRefused(new URLSearchParams(searchParams.toString()), issues);
    router.push(`?${kept.toString()}`);
  };
  const shownStale = events.stale && rows.length > 0;

  return (
    <TimeZoneContext.Provider value={state.tz}>
      <RelativeTimeContext.Provider value={state.times === "relative"}>
        <FilterToggleContext.Provider value={toggleFilter}>
          <div>
            <Collapsible label="Filters" below="phone" testId="filters-disclosure">
              <FilterBar
                state={state}
                setState={setState}
                range={first?.range ?? null}
                dataSpan={dataSpan}
                issues={issues}
              />
            </Collapsible>
            <EventsStatus
              first={first}
              apiParams={apiKey}
              canExport={canExport}
              onCancel={events.loading ? events.cancel : null}
            />
            {issues.length === 0 && <IntegrityLine state={state} setState={setState} />}
            {first?.athena ? (
              <AthenaSearch
                search={first.athena}
                onRun={async () => {
                  const params = new URLSearchParams(apiKey);
                  params.set("athena", "run");
                  params.set("limit", "1");
                  await fetchEvents(params, null);
                  await events.refetch();
                }}
                onCancel={async () => {
                  await cancelAthenaSearch(first.athena!.id);
                  await events.refetch();
                }}
              />
            ) : (
              athenaConfigured &&
              first && <AthenaOffer onChoose={() => void setState({ athena: "1", event: null })} />
            )}
            {issues.length > 0 ? (
              <div className={styles.problem}>
                <ViewIssuesPanel
                  issues={issues}
                  stale={shownStale}
                  onRemoveRefused={removeRefused}
                />
              </div>
            ) : events.error ? (
              <div className={styles.problem}>
                <ViewErrorPanel error={events.error} stale={shownStale} onRetry={events.retry} />
              </div>
            ) : events.cancelled ? (
              <div className={styles.problem}>
                <CancelledPanel stale={shownStale} onRetry={events.retry} />
              </div>
            ) : null}
            {first?.pending && (
              <PendingLoad
                pending={first.pending}
                onConfirm={async () => {
                  const params = new URLSearchParams(apiKey);
                  params.set("confirm", "1");
                  params.set("limit", "1");
                  await fetchEvents(params, null);
                  await events.refetch();
                }}
              />
            )}
            {first && <ProblemsPanel problems={first.problems} total={first.problemsTotal} />}
            {canSummarize && (
              <HighlightsStrip
                filterParams={viewFilterParams(state).toString()}
                view={new URLSearchParams(searchParams.toString())}
              />
            )}
            <EventHistogram
              filterParams={viewFilterParams(state).toString()}
              onRange={({ from, to }) => void setState({ from, to, event: null })}
            />
            <div className={styles.body}>
              <Collapsible label="Top values" below="one-column" testId="facets-disclosure">
                <FacetsPanel apiParams={apiKey} state={state} enabled={issues.length === 0} />
              </Collapsible>
              <div
                className={cx(styles.main, events.stale && styles.stale)}
                aria-busy={events.loading}
                data-testid="events-main"
                data-stale={events.stale ? "" : undefined}
              >
                {first && rows.length === 0 && first.complete ? (
                  <EmptyView
                    state={state}
                    setState={setState}
                    range={first.range}
                    dataSpan={dataSpan}
                  />
                ) : (
                  <EventsTable
                    rows={rows}
                    selectedId={openId}
                    onSelect={selectEvent}
                    sort={sort}
                    onSort={sortBy}
                    hasMore={hasNextPage}
                    loadingMore={isFetchingNextPage}
                    onLoadMore={loadMore}
                  />
                )}
              </div>
            </div>
            {openId && (
              <EventDetail
                id={openId}
                row={openRow}
                onClose={() => selectEvent(null)}
                onOpen={selectEvent}
                onStep={stepEvent}
              />
            )}
          </div>
        </FilterToggleContext.Provider>
      </RelativeTimeContext.Provider>
    </TimeZoneContext.Provider>
  );
}
