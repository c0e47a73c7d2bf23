"use client";

import Link from "next/link";
import type { ParamIssue } from "@/lib/query/view-params";
import { ErrorPanel } from "../app/error-panel";
import { ErrorReason } from "./error-reason";
import { ApiError } from "./fetch-events";
import styles from "./view-problem.module.css";
import { issueText } from "./view-issues";

/** Said under each problem when the table below still shows the view before. */
function StaleNote({ stale }: { stale: boolean }) {
  return stale ? (
    <p className="muted">The table below still shows the view before this one.</p>
  ) : null;
}

/** A view whose URL the server would refuse: each value's problem, by its field's label. */
export function ViewIssuesPanel({
  issues,
  stale,
  onRemoveRefused,
}: {
  issues: readonly ParamIssue[];
  stale: boolean;
  onRemoveRefused: () => void;
}) {
  return (
    <ErrorPanel title="These filters cannot be applied" testId="query-error">
      <ul>
        {issues.map((issue, i) => (
          <li key={i}>{issueText(issue)}</li>
        ))}
      </ul>
      <StaleNote stale={stale} />
      <p className={styles.actions}>
        <button type="button" onClick={onRemoveRefused} data-testid="remove-refused">
          Remove what cannot be applied
        </button>
        <Link href="/">Reset to the default view</Link>
      </p>
    </ErrorPanel>
  );
}

/** A request that failed: the server's words, and Retry unless the server refused the view. */
export function ViewErrorPanel({
  error,
  stale,
  onRetry,
}: {
  error: Error;
  stale: boolean;
  onRetry: () => void;
}) {
  const refused = error instanceof ApiError && error.status >= 400 && error.status < 500;
  return (
    <ErrorPanel
      title={refused ? "The server refused this view" : "The events could not be read"}
      testId="view-error"
    >
      <ErrorReason error={error} />
      <StaleNote stale={stale} />
      <p className={styles.actions}>
        {!refused && (
          <button type="button" onClick={onRetry} data-testid="retry">
            Retry
          </button>
        )}
        <Link href="/">Reset to the default view</Link>
      </p>
    </ErrorPanel>
  );
}

/** A request the user stopped: the view is not shown; asking again is one click. */
export function CancelledPanel({ stale, onRetry }: { stale: boolean; onRetry: () => void }) {
  return (
    <div className={styles.cancelled} role="status" data-testid="view-cancelled">
      <p>The request for this view was cancelled.</p>
      <StaleNote stale={stale} />
      <button type="button" onClick={onRetry} data-testid="retry">
        Ask again
      </button>
    </div>
  );
}
