"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";
import type { ListField } from "@/lib/cloudtrail/fields";
import type { FacetsResponse } from "@/lib/query/events-response";
import { FACET_TOP } from "@/lib/query/events-page";
import { MAX_FACET_TOP } from "@/lib/query/view-params";
import { cx } from "../app/class-names";
import styles from "./facet.module.css";
import { fetchFacets, retryUnlessRefused } from "./fetch-events";
import type { FilterState } from "./filter-values";
import { FilterValueButtons } from "./filter-toggle";
import { formatCount } from "./format";

type FacetCounts = FacetsResponse["facets"][string];

/** How long typing pauses before a search inside a facet asks the server. */
const SEARCH_PAUSE_MS = 250;

/**
 * One field's most frequent values in the view; "Show all" lists every value
 * (the MAX_FACET_TOP most frequent when there are more) with a search inside
 * them, counted by the server with the same filter.
 */
export function Facet({
  field,
  label,
  facet,
  state,
  apiParams,
}: {
  field: ListField;
  label: string;
  facet: FacetCounts;
  state: FilterState;
  /** The view's API parameters, for the full list. */
  apiParams: string;
}) {
  const [all, setAll] = useState(false);
  const listId = useId();
  const more = facet.distinct > facet.values.length;
  return (
    <section className={styles.facet} data-testid={`facet-${field}`}>
      <h3>
        {label}
        {more && <span className="muted"> · {formatCount(facet.distinct)} values</span>}
      </h3>
      {all ? (
        <AllValues
          id={listId}
          field={field}
          label={label}
          state={state}
          apiParams={apiParams}
          onClose={() => setAll(false)}
        />
      ) : (
        <ValueList field={field} values={facet.values} state={state} />
      )}
      {more && !all && (
        <button
          type="button"
          className={styles.toggle}
          aria-expanded={false}
          aria-controls={listId}
          onClick={() => setAll(true)}
          data-testid="facet-show-all"
        >
          Show all {formatCount(facet.distinct)}
        </button>
      )}
    </section>
  );
}

/** Every value of the field in the view (up to MAX_FACET_TOP), with a search inside them. */
function AllValues({
  id,
  field,
  label,
  state,
  apiParams,
  onClose,
}: {
  id: string;
  field: ListField;
  label: string;
  state: FilterState;
  apiParams: string;
  onClose: () => void;
}) {
  const [text, setText] = useState("");
  const [contains, setContains] = useState("");
  useEffect(() => {
    const timer = setTimeout(() => setContains(text.trim()), SEARCH_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [text]);
  const query = useQuery({
    queryKey: ["facet-all", field, contains, apiParams],
    queryFn: ({ signal }) =>
      fetchFacets(new URLSearchParams(apiParams), [field], MAX_FACET_TOP, signal, contains),
    retry: retryUnlessRefused,
    // The last list stays while the next search is counted.
    placeholderData: keepPreviousData,
  });
  const facet = query.data?.facets[field];
  return (
    <div id={id} className={styles.all}>
      <input
        type="search"
        className={styles.search}
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={`Search ${label.toLowerCase()} values`}
        aria-label={`Search the values of ${label}`}
        maxLength={200}
        data-testid="facet-search"
      />
      {query.error ? (
        <p className="muted">The values are unavailable: {query.error.message}</p>
      ) : (
        <div className={styles.scroll} aria-busy={!facet || query.isFetching}>
          {facet && <ValueList field={field} values={facet.values} state={state} />}
        </div>
      )}
      {facet && (
        <p className={cx("muted", styles.shown)} data-testid="facet-shown" aria-live="polite">
          {shownText(facet, contains)}
        </p>
      )}
      <button
        type="button"
        className={styles.toggle}
        aria-expanded={true}
        aria-controls={id}
        onClick={onClose}
        data-testid="facet-show-fewer"
      >
        Show the top {FACET_TOP}
      </button>
    </div>
  );
}

function shownText(facet: FacetCounts, contains: string): string {
  const matching = contains ? ` containing “${contains}”` : "";
  if (facet.distinct === 0) return `No values${matching}.`;
  if (facet.values.length < facet.distinct) {
    return `The ${formatCount(facet.values.length)} most frequent of ${formatCount(facet.distinct)} values${matching}: search to narrow.`;
  }
  return `${formatCount(facet.distinct)} ${facet.distinct === 1 ? "value" : "values"}${matching}.`;
}

/** Values with their counts, each marked when the view includes or excludes it, with + and −. */
function ValueList({
  field,
  values,
  state,
}: {
  field: ListField;
  values: FacetCounts["values"];
  state: FilterState;
}) {
  return (
    <ul className={styles.values}>
      {values.map(({ value, count }) => {
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
  );
}
