"use client";

import { useQuery } from "@tanstack/react-query";
import { fieldLabel, type ListField, PANEL_FACETS } from "@/lib/cloudtrail/fields";
import type { FacetsResponse } from "@/lib/query/events-response";
import { FACET_TOP } from "@/lib/query/events-page";
import { cx } from "../app/class-names";
import styles from "./facets-panel.module.css";
import { fetchFacets } from "./fetch-events";
import type { FilterState } from "./filter-values";
import { formatCount } from "./format";
import { FilterValueButtons } from "./filter-toggle";

/** The facets shown, in order, with their labels. */
const SHOWN: { field: ListField; label: string }[] = PANEL_FACETS.map((field) => ({
  field,
  label: fieldLabel(field),
}));

/**
 * The most frequent values of each field in the view, with counts. Each is
 * counted without its own field's filter, so alternatives stay in sight; +
 * shows only that value (or adds it), − hides it.
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
    <aside className={styles.facets} data-testid="facets" aria-busy={!data}>
      {SHOWN.map(({ field, label }) => {
        const facet = data?.[field];
        if (!facet || facet.values.length === 0) return null;
        return <Facet key={field} field={field} label={label} facet={facet} state={state} />;
      })}
    </aside>
  );
}

/** One field's top values, each marked when the view includes or excludes it. */
function Facet({
  field,
  label,
  facet,
  state,
}: {
  field: ListField;
  label: string;
  facet: FacetsResponse["facets"][string];
  state: FilterState;
}) {
  return (
    <section className={styles.facet} data-testid={`facet-${field}`}>
      <h3>
        {label}
        {facet.distinct > facet.values.length && (
          <span className="muted"> · {formatCount(facet.distinct)} values</span>
        )}
      </h3>
      <ul>
        {facet.values.map(({ value, count }) => {
          const on = state[field].includes(value);
          const off = state[`-${field}`].includes(value);
          const mark = on ? "on" : off ? "off" : null;
          // The plain class names (on, off, facet-count) are read by the e2e tests.
          return (
            <li
              key={value}
              className={mark ? cx(styles[mark], mark) : undefined}
              data-testid="facet-value"
              data-value={value}
            >
              <span className={styles.label} title={value}>
                {value}
              </span>
              <span className={cx(styles.count, "facet-count")}>{formatCount(count)}</span>
              <FilterValueButtons
                field={field}
                value={value}
                testIdPrefix="facet"
                pressed={{ include: on, exclude: off }}
              />
            </li>
          );
        })}
      </ul>
    </section>
  );
}
