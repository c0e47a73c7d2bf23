"use client";

import type { SetValues } from "nuqs";
import { useRef, useState, type FormEvent } from "react";
import { EVENT_CATEGORIES } from "@/lib/cloudtrail/fields";
import type { TimeRange } from "@/lib/query/event-query";
import type { ParamIssue } from "@/lib/query/view-params";
import styles from "./filter-bar.module.css";
import { FilterActions } from "./filter-actions";
import { FilterChecks } from "./filter-checks";
import { FilterChips } from "./filter-chips";
import { MoreFilters } from "./filter-more";
import { MainTextFilters } from "./filter-text-fields";
import { TimeRangeFields } from "./filter-time-range";
import { type FilterState, filtersFromForm, moreFiltersSet } from "./filter-values";
import type { eventsSearchParams } from "./search-params";
import { viewFilterParams } from "./view-filter-params";
import { invalidByParam, issueText, viewIssues } from "./view-issues";

/**
 * Time range, category and attribute filters, and every filter applied as a
 * chip. Comma-separated values are OR within a field; fields AND together.
 * Applying writes the URL, once the server's parser (run here) accepts it:
 * a bad value is flagged at its field and nothing shown is lost.
 */
export function FilterBar({
  state,
  setState,
  range,
  dataSpan,
  issues = [],
}: {
  state: FilterState;
  setState: SetValues<typeof eventsSearchParams>;
  range: TimeRange | null;
  /** Where the data lies, when it is a fixed set (the sample); null for live sources. */
  dataSpan: TimeRange | null;
  /** What is wrong with the view's URL as it stands. */
  issues?: readonly ParamIssue[];
}) {
  const form = useRef<HTMLFormElement>(null);
  const from = state.from ?? range?.from ?? null;
  const to = state.to ?? range?.to ?? null;
  // Re-mount the inputs when the URL changes (back/forward), so they show it.
  const formKey = JSON.stringify({ ...state, event: null, from, to });
  /** What the last Apply was refused for, while the URL it was applied to stands. */
  const [refused, setRefused] = useState<{ formKey: string; issues: ParamIssue[] } | null>(null);
  const shownIssues = refused?.formKey === formKey ? refused.issues : issues;
  const invalid = invalidByParam(shownIssues);

  function apply(event?: FormEvent) {
    event?.preventDefault();
    const data = new FormData(form.current ?? undefined);
    const next = filtersFromForm(data, state, { from, to });
    const found = viewIssues(viewFilterParams({ ...state, ...next }));
    if (found.length > 0) {
      setRefused({ formKey, issues: found });
      // Straight to the first field to fix.
      requestAnimationFrame(() =>
        form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(),
      );
      return;
    }
    setRefused(null);
    void setState(next);
  }

  const submit = () => form.current?.requestSubmit();

  return (
    <form ref={form} key={formKey} className={styles.bar} onSubmit={apply} data-testid="filters">
      <TimeRangeFields
        state={state}
        setState={setState}
        from={from}
        to={to}
        invalid={invalid}
        dataSpan={dataSpan}
      />
      <FilterChecks
        legend="Category"
        name="category"
        values={EVENT_CATEGORIES}
        checked={state.category}
        onChange={submit}
        valueTestId={(c) => `category-${c}`}
      />
      <MainTextFilters state={state} invalid={invalid} />
      <MoreFilters
        state={state}
        open={moreFiltersSet(state) || shownIssues.some((i) => i.param !== null)}
        invalid={invalid}
        onApply={submit}
        onClearIntegrity={() => void setState({ integrity: [], event: null })}
      />
      <FilterActions />
      {refused?.formKey === formKey && (
        <div className={styles.refused} role="alert" data-testid="apply-refused">
          Not applied (the table still shows the view before):{" "}
          {refused.issues.map(issueText).join("; ")}
        </div>
      )}
      <FilterChips state={state} setState={setState} invalid={invalid} />
    </form>
  );
}
