"use client";

import { useRouter, useSearchParams } from "next/navigation";
import { useQueryStates } from "nuqs";
import { useCallback, useMemo } from "react";
import { cx } from "../app/class-names";
import { EventDetail } from "./event-detail";
import { EventsStatus } from "./events-status";
import { EventsTable } from "./events-table";
import styles from "./events-view.module.css";
import type { SortField } from "@/lib/cloudtrail/fields";
import { DEFAULT_SORT, type TimeRange } from "@/lib/query/event-query";
import { EmptyView } from "./empty-view";
import { FacetsPanel } from "./facets-panel";
import { type FilterToggle, FilterToggleContext, toggledLists } from "./filter-toggle";
import { RelativeTimeContext, TimeZoneContext } from "./time-zone";
import { fetchEvents } from "./fetch-events";
import { FilterBar } from "./filter-bar";
import { IntegrityLine } from "./integrity-line";
import { PendingLoad } from "./pending-load";
import { ProblemsPanel } from "./problems-panel";
import { apiParamsFromUrl, eventsSearchParams } from "./search-params";
import { useEventPages } from "./use-event-pages";
import { CancelledPanel, ViewErrorPanel, ViewIssuesPanel } from "./view-problem";
import { viewIssues, withoutRefused } from "./view-issues";

/**
 * The events page: URL -> filters -> `/api/events` pages -> table + detail.
 * `dataSpan`: where the data lies when it is a fixed set (the sample), else null.
 */
export function EventsView({
  canExport,
  dataSpan,
}: {
  canExport: boolean;
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

  const selectEvent = useCallback((id: string | null) => void setState({ event: id }), [setState]);
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
            <FilterBar
              state={state}
              setState={setState}
              range={first?.range ?? null}
              dataSpan={dataSpan}
              issues={issues}
            />
            <EventsStatus
              first={first}
              apiParams={apiKey}
              canExport={canExport}
              onCancel={events.loading ? events.cancel : null}
            />
            {issues.length === 0 && <IntegrityLine state={state} setState={setState} />}
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
            <div className={styles.body}>
              <FacetsPanel apiParams={apiKey} state={state} enabled={issues.length === 0} />
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
              />
            )}
          </div>
        </FilterToggleContext.Provider>
      </RelativeTimeContext.Provider>
    </TimeZoneContext.Provider>
  );
}
