import type { LoadProgressWire } from "@/lib/query/events-response";
import { formatBytes, formatCount } from "./format";

/** How far the sources have got with the range being viewed. */
export function LoadProgress({
  complete,
  progress,
  waiting = false,
}: {
  complete: boolean;
  progress: LoadProgressWire;
  /** A large load waits for the user's go-ahead. */
  waiting?: boolean;
}) {
  if (complete && waiting) {
    return (
      <span className="load-state" data-testid="load-waiting">
        Not loaded yet
      </span>
    );
  }
  if (complete) {
    return (
      <span className="load-state done" data-testid="load-complete">
        All sources loaded
      </span>
    );
  }
  if (progress.filesTotal === 0) {
    return (
      <span className="load-state" data-testid="load-progress">
        Listing trail files…
      </span>
    );
  }
  const total = Math.max(progress.filesTotal, 1);
  return (
    <span className="load-state" data-testid="load-progress">
      <progress max={total} value={progress.filesDone} aria-label="Loading trail files" />
      <span>
        Loading {formatCount(progress.filesDone)} / {formatCount(progress.filesTotal)} files (
        {formatBytes(progress.bytesDone)} of {formatBytes(progress.bytesTotal)}),{" "}
        {formatCount(progress.eventsLoaded)} events so far
      </span>
    </span>
  );
}
