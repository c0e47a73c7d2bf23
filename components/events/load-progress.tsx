import type { LoadProgressWire } from "@/lib/query/events-response";
import { formatBytes, formatCount } from "./format";

/** How far the sources have got with the range being viewed. */
export function LoadProgress({
  complete,
  progress,
}: {
  complete: boolean;
  progress: LoadProgressWire;
}) {
  if (complete) {
    return (
      <span className="load-state done" data-testid="load-complete">
        All sources loaded
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
