"use client";

import Link from "next/link";
import type { SetValues } from "nuqs";
import { drillDownHref } from "@/lib/query/drill-down";
import type { SummaryResponse } from "@/lib/query/summary-response";
import type { FilterState } from "../events/filter-values";
import { formatBytes, formatCount } from "../events/format";
import { LoadProgress } from "../events/load-progress";
import type { eventsSearchParams } from "../events/search-params";
import { StatusLine } from "../events/status-line";
import styles from "./summary-status.module.css";

/** The summary's totals and load state; hiding AWS services; CSV, print and the table. */
export function SummaryStatus({
  data,
  apiParams,
  view,
  state,
  setState,
}: {
  data: SummaryResponse | undefined;
  apiParams: string;
  view: URLSearchParams;
  state: FilterState;
  setState: SetValues<typeof eventsSearchParams>;
}) {
  const csvParams = new URLSearchParams(apiParams);
  csvParams.set("format", "csv");
  return (
    <StatusLine>
      <span data-testid="summary-total" role="status" aria-live="polite">
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
      {data?.athena && (
        <span data-testid="summary-athena">
          {data.athena.state === "succeeded"
            ? `Through Athena: ${formatCount(data.athena.filesMatched ?? 0)} files named, ${formatBytes(data.athena.bytesScanned)} scanned`
            : `Through Athena: the search is ${data.athena.state.replace("-", " ")} (open it in the table to go ahead)`}
        </span>
      )}
      <label className={styles.hideServices}>
        <input
          type="checkbox"
          checked={state["-actorType"].includes("service")}
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
      <span className={styles.actions}>
        <a href={`/api/summary?${csvParams.toString()}`} download data-testid="summary-csv">
          Download CSV
        </a>
        <button type="button" onClick={() => window.print()}>
          Print
        </button>
        <Link href={drillDownHref(view, {})}>Open in the table</Link>
      </span>
    </StatusLine>
  );
}
