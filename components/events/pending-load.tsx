"use client";

import { useState } from "react";
import type { EventsResponse } from "@/lib/query/events-response";
import { formatBytes, formatCount } from "./format";
import styles from "./pending-load.module.css";

/** A large load waits for the user: say how large, offer to start it. */
export function PendingLoad({
  pending,
  onConfirm,
}: {
  pending: NonNullable<EventsResponse["pending"]>;
  onConfirm: () => Promise<void>;
}) {
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const start = async () => {
    setStarting(true);
    setError(null);
    try {
      await onConfirm();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setStarting(false);
    }
  };
  return (
    <div className={styles.pending} role="status" data-testid="pending-load">
      <p>
        This time range needs {formatCount(pending.files)} trail files ({formatBytes(pending.bytes)}
        ) that are not loaded yet. Narrow the range, or load them now; rows appear while they load.
      </p>
      <button type="button" onClick={() => void start()} disabled={starting}>
        {starting ? "Starting…" : `Load ${formatCount(pending.files)} files`}
      </button>
      {error && <p className={styles.error}>{error}</p>}
    </div>
  );
}
