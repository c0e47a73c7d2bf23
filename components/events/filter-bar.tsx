"use client";

import type { SetValues } from "nuqs";
import { useRef, type FormEvent } from "react";
import { EVENT_CATEGORIES } from "@/lib/cloudtrail/fields";
import type { TimeRange } from "@/lib/query/event-query";
import styles from "./filter-bar.module.css";
import { FilterActions } from "./filter-actions";
import { FilterChecks } from "./filter-checks";
import { MoreFilters } from "./filter-more";
import { MainTextFilters } from "./filter-text-fields";
import { TimeRangeFields } from "./filter-time-range";
import { type FilterState, filtersFromForm, moreFiltersSet } from "./filter-values";
import type { eventsSearchParams } from "./search-params";

/**
 * Time range, category and attribute filters. Comma-separated values are OR
 * within a field; fields AND together. Applying writes the URL.
 */
export function FilterBar({
  state,
  setState,
  range,
}: {
  state: FilterState;
  setState: SetValues<typeof eventsSearchParams>;
  range: TimeRange | null;
}) {
  const form = useRef<HTMLFormElement>(null);
  const from = state.from ?? range?.from ?? null;
  const to = state.to ?? range?.to ?? null;

  function apply(event?: FormEvent) {
    event?.preventDefault();
    const data = new FormData(form.current ?? undefined);
    void setState(filtersFromForm(data, state, { from, to }));
  }

  const submit = () => form.current?.requestSubmit();

  // Re-mount the inputs when the URL changes (back/forward), so they show it.
  const formKey = JSON.stringify({ ...state, event: null, from, to });

  return (
    <form ref={form} key={formKey} className={styles.bar} onSubmit={apply} data-testid="filters">
      <TimeRangeFields state={state} setState={setState} from={from} to={to} />
      <FilterChecks
        legend="Category"
        name="category"
        values={EVENT_CATEGORIES}
        checked={state.category}
        onChange={submit}
        valueTestId={(c) => `category-${c}`}
      />
      <MainTextFilters state={state} />
      <MoreFilters
        state={state}
        open={moreFiltersSet(state)}
        onApply={submit}
        onClearIntegrity={() => void setState({ integrity: [], event: null })}
      />
      <FilterActions />
    </form>
  );
}
