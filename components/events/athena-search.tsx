"use client";

import { useState } from "react";
import type { AthenaSearchStatus } from "@/lib/athena/athena-schema";
import { fieldLabel, type FieldKey } from "@/lib/cloudtrail/fields";
import { formatBytes, formatCount, formatDollars, formatUtc } from "./format";
import styles from "./athena-search.module.css";

/** What a filter part is called (field labels; the few that are not fields). */
const PART_LABELS: Record<string, string> = {
  error: "failed / successful",
  readOnly: "read / write",
  q: "text search",
  crossAccount: "cross-account",
  integrity: "integrity",
};
const partLabel = (part: string) => PART_LABELS[part] ?? fieldLabel(part as FieldKey);

/** Runs `action`, keeping its failure to show beside the button. */
function useAction(action: () => Promise<void>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}

function scopeText(s: AthenaSearchStatus): string {
  const days = s.days.first === s.days.last ? s.days.first : `${s.days.first} to ${s.days.last}`;
  return `delivery days ${days} of ${s.source}`;
}

/**
 * The view's Athena search: its estimate (and the go-ahead it waits for), its
 * progress (and Cancel), where the view came from once it answered, or what
 * failed (and Try again).
 */
export function AthenaSearch({
  search,
  onRun,
  onCancel,
}: {
  search: AthenaSearchStatus;
  onRun: () => Promise<void>;
  onCancel: () => Promise<void>;
}) {
  const run = useAction(onRun);
  const cancel = useAction(onCancel);
  const estimate = search.estimate;
  let text: string;
  let button: { label: string; action: ReturnType<typeof useAction> } | null = null;
  switch (search.state) {
    case "estimating":
      text = `Athena: listing the ${scopeText(search)} to estimate the scan…`;
      break;
    case "needs-confirmation":
      text = `This view goes through Athena: it would scan ${formatCount(estimate?.partitions ?? 0)} partitions, about ${formatBytes(estimate?.bytes ?? 0)} (${formatDollars(estimate?.dollars ?? 0)}), to find the files holding its events.`;
      button = { label: "Search with Athena", action: run };
      break;
    case "running":
      text = `Athena is searching the ${scopeText(search)} (${search.queryState === "QUEUED" ? "queued" : "running"}): ${formatBytes(search.bytesScanned)} scanned (${formatDollars(search.dollars)}), ${Math.round(search.elapsedMs / 1000)} s.`;
      button = { label: "Cancel", action: cancel };
      break;
    case "succeeded":
      text = `This view came from Athena: one query over the ${scopeText(search)} scanned ${formatBytes(search.bytesScanned)} (${formatDollars(search.dollars)}) and named ${formatCount(search.filesMatched ?? 0)} files holding ${formatCount(search.eventsMatched ?? 0)} matching events; only those files are loaded${search.remembered && search.finishedAt ? ` (its answer of ${formatUtc(search.finishedAt)}, kept by the store)` : ""}.`;
      break;
    case "failed":
      text = `The Athena search failed: ${search.message ?? "no reason given"}.`;
      button = { label: "Try again", action: run };
      break;
    case "cancelled":
      text = "The Athena search was cancelled; the view shows what was loaded before.";
      button = { label: "Search again", action: run };
      break;
  }
  return (
    <div
      className={styles.athena}
      role="status"
      data-testid="athena-search"
      data-state={search.state}
    >
      <div className={styles.row}>
        <p className={search.state === "failed" ? styles.error : undefined}>{text}</p>
        {button && (
          <button
            type="button"
            onClick={() => void button.action.run()}
            disabled={button.action.busy}
          >
            {button.label}
          </button>
        )}
      </div>
      {(search.narrowedBy.length > 0 || search.leftToStore.length > 0) && (
        <p className="muted">
          {search.narrowedBy.length > 0 &&
            `Athena narrowed by ${search.narrowedBy.map(partLabel).join(", ")}. `}
          {search.leftToStore.length > 0 &&
            `Applied to the loaded files only: ${search.leftToStore.map(partLabel).join(", ")}.`}
        </p>
      )}
      <details className={styles.sql}>
        <summary>The query</summary>
        <pre>{search.sql}</pre>
      </details>
      {(run.error ?? cancel.error) && <p className={styles.error}>{run.error ?? cancel.error}</p>}
    </div>
  );
}

/** Offered when Athena is configured and the view loads its range: search the bucket instead. */
export function AthenaOffer({ onChoose }: { onChoose: () => void }) {
  return (
    <p className={styles.offer}>
      <button
        type="button"
        className={styles.offerButton}
        onClick={onChoose}
        data-testid="athena-offer"
      >
        Search the whole bucket with Athena
      </button>{" "}
      <span className="muted">instead of loading every file of the range.</span>
    </p>
  );
}
