"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { fieldLabel, type ListField, PANEL_FACETS } from "@/lib/cloudtrail/fields";
import { FACET_TOP } from "@/lib/query/events-page";
import { Facet } from "./facet";
import styles from "./facets-panel.module.css";
import { fetchFacets } from "./fetch-events";
import type { FilterState } from "./filter-values";

/** The facets shown, in order, with their labels. */
const SHOWN: { field: ListField; label: string }[] = PANEL_FACETS.map((field) => ({
  field,
  label: fieldLabel(field),
}));

/**
 * The most frequent values of each field in the view, with counts. Each is
 * counted without its own field's filter, so alternatives stay in sight; +
 * shows only that value (or adds it), − hides it; "Show all" lists every value.
 */
export function FacetsPanel({
  apiParams,
  state,
  enabled = true,
}: {
  apiParams: string;
  state: FilterState;
  /** False for a view the server would refuse: nothing is asked. */
  enabled?: boolean;
}) {
  const facets = useQuery({
    enabled,
    queryKey: ["facets", apiParams],
    queryFn: ({ signal }) =>
      fetchFacets(
        new URLSearchParams(apiParams),
        SHOWN.map((s) => s.field),
        FACET_TOP,
        signal,
      ),
    refetchInterval: (query) => (query.state.data?.complete === false ? 2000 : false),
    // The last view's facets stay (busy) while this one's are counted: a facet opened to all
    // its values stays open when one of them is chosen.
    placeholderData: keepPreviousData,
  });

  if (facets.error) {
    return (
      <aside className={styles.facets} data-testid="facets">
        <p className="muted">Top values are unavailable: {facets.error.message}</p>
      </aside>
    );
  }
  const data = facets.data?.facets;
  return (
    <aside
      className={styles.facets}
      data-testid="facets"
      aria-busy={!data || facets.isPlaceholderData}
    >
      {SHOWN.map(({ field, label }) => {
        const facet = data?.[field];
        if (!facet || facet.values.length === 0) return null;
        return (
          <Facet
            key={field}
            field={field}
            label={label}
            facet={facet}
            state={state}
            apiParams={apiParams}
          />
        );
      })}
    </aside>
  );
}
