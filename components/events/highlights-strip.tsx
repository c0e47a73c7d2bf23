"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useState } from "react";
import { drillDownHref } from "@/lib/query/drill-down";
import { cx } from "../app/class-names";
import { Highlights, KIND_LABEL } from "../summary/highlights";
import { fetchHighlights, retryUnlessRefused } from "./fetch-events";
import styles from "./highlights-strip.module.css";

/**
 * What stands out in the view, from Who did what (`/api/highlights`), as one
 * line above the table: how many, and the riskiest (an integrity failure aside:
 * the integrity line says it). Opened, it lists them all, highest risk first,
 * each linking to its events.
 */
export function HighlightsStrip({
  filterParams,
  view,
}: {
  /** The view's filter as API parameters (viewFilterParams). */
  filterParams: string;
  /** The page's URL parameters, which the links keep. */
  view: URLSearchParams;
}) {
  const [open, setOpen] = useState(false);
  const listId = useId();
  const query = useQuery({
    queryKey: ["highlights", filterParams],
    queryFn: ({ signal }) => fetchHighlights(new URLSearchParams(filterParams), signal),
    refetchInterval: (q) => (q.state.data?.complete === false ? 3000 : false),
    retry: retryUnlessRefused,
    // The previous view's line stays while this one's is found: the table does not jump.
    placeholderData: keepPreviousData,
  });

  if (query.error) {
    return (
      <div className={styles.strip} data-testid="highlights-strip">
        <span role="status">What stands out could not be found: {query.error.message}</span>
        <button
          type="button"
          className={styles.button}
          onClick={() => void query.refetch()}
          disabled={query.isFetching}
        >
          Retry
        </button>
      </div>
    );
  }
  const highlights = query.data?.highlights;
  if (!highlights) return <div className={styles.strip} aria-busy="true" />;
  const summaryHref = drillDownHref(view, {}, "/summary");
  if (highlights.length === 0) {
    return (
      <div className={cx(styles.strip, "muted")} data-testid="highlights-strip">
        <span data-testid="highlights-count">Nothing stands out in this view.</span>
        <Link href={summaryHref} className={styles.summary}>
          Who did what
        </Link>
      </div>
    );
  }
  // The integrity line above the table already says when the logs fail their digests.
  const top = highlights.find((h) => h.kind !== "integrity") ?? highlights[0]!;
  const high = highlights.filter((h) => h.severity === "high").length;
  return (
    <section
      className={cx(styles.strip, styles[top.severity])}
      aria-label="What stands out"
      data-testid="highlights-strip"
    >
      <div className={styles.line}>
        <strong className={styles.title} data-testid="highlights-count">
          What stands out: {highlights.length}
          {high > 0 && <span className={styles.high}> ({high} high)</span>}
        </strong>
        {!open && (
          <span className={styles.top} data-testid="highlights-top" data-kind={top.kind}>
            <span className={styles.kind}>{KIND_LABEL[top.kind]}</span>
            <span className={styles.text} title={top.text}>
              {top.text}
            </span>
            <Link href={drillDownHref(view, top.filter)} className={styles.link}>
              See the events
            </Link>
          </span>
        )}
        <button
          type="button"
          className={styles.button}
          aria-expanded={open}
          aria-controls={listId}
          onClick={() => setOpen(!open)}
          data-testid="highlights-toggle"
        >
          {open ? "Hide" : `Show all ${highlights.length}`}
        </button>
        <Link href={summaryHref} className={styles.summary}>
          Who did what
        </Link>
      </div>
      {open && (
        <div id={listId} className={styles.list}>
          <Highlights highlights={highlights} view={view} />
        </div>
      )}
    </section>
  );
}
