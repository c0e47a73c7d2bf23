import type { LoadProgressWire, SourceLoadProgressWire } from "@/lib/query/events-response";
import { formatBytes, formatCount } from "./format";
import { cx } from "../app/class-names";
import styles from "./load-progress.module.css";
import { ORIGIN_LABEL } from "./origin-label";

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
      <span className={styles.state} data-testid="load-waiting">
        Not loaded yet
      </span>
    );
  }
  if (complete) {
    return (
      <span className={cx(styles.state, styles.done)} data-testid="load-complete">
        All sources loaded
      </span>
    );
  }
  const lookups = progress.sources.filter((s) => s.kind === "lookup");
  // Trail files have sizes; LookupEvents windows are counted on their own line.
  const files = progress.sources.filter((s) => s.kind !== "lookup");
  const filesTotal = files.reduce((n, s) => n + s.filesTotal, 0);
  const filesDone = files.reduce((n, s) => n + s.filesDone, 0);
  const total = Math.max(progress.filesTotal, 1);
  return (
    <span className={styles.state} data-testid="load-progress">
      {progress.filesTotal === 0 ? (
        <span>Listing what the range needs…</span>
      ) : (
        <>
          <progress max={total} value={progress.filesDone} aria-label="Loading the range" />
          <span>
            {filesTotal > 0 && (
              <>
                Loading {formatCount(filesDone)} / {formatCount(filesTotal)} trail files (
                {formatBytes(progress.bytesDone)} of {formatBytes(progress.bytesTotal)}),{" "}
              </>
            )}
            {formatCount(progress.eventsLoaded)} events so far
          </span>
        </>
      )}
      {lookups.map((lookup, i) => (
        <LookupProgress key={`${lookup.source}-${i}`} lookup={lookup} />
      ))}
    </span>
  );
}

/** Event history is read at 2 calls per second: say how far it has got, and when AWS slows it. */
function LookupProgress({ lookup }: { lookup: SourceLoadProgressWire }) {
  const region = lookup.source.replace(/^lookup:/, "");
  const throttled = lookup.throttled ?? 0;
  return (
    <span className={styles.lookup} data-testid="lookup-progress" data-source={lookup.source}>
      {ORIGIN_LABEL.lookup} {region}: {formatCount(lookup.filesDone)} /{" "}
      {formatCount(lookup.filesTotal)} time windows, {formatCount(lookup.requests ?? 0)} calls
      {throttled > 0 && `, slowed down by AWS ${formatCount(throttled)}×`}
    </span>
  );
}
