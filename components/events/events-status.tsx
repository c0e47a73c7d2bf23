import type { EventsResponse } from "@/lib/query/events-response";
import { ColumnChooser } from "./column-chooser";
import { ExportLinks } from "./export-links";
import { formatCount } from "./format";
import { LoadProgress } from "./load-progress";
import { StatusLine } from "./status-line";

/**
 * The view's count, the sources' progress, the exports and the column chooser;
 * while the view's first page is being asked for, a way to cancel it.
 */
export function EventsStatus({
  first,
  apiParams,
  canExport,
  onCancel,
}: {
  /** The view's first page, which carries the count and the load state (none: not answered). */
  first: EventsResponse | undefined;
  apiParams: string;
  canExport: boolean;
  /** Set while the view is being asked for: stops asking. */
  onCancel: (() => void) | null;
}) {
  const total = first?.total ?? null;
  return (
    <StatusLine>
      {/* Announced when it changes (a filter applied, the load done), without interrupting. */}
      <span data-testid="total" role="status" aria-live="polite">
        {total !== null
          ? `${formatCount(total)} events`
          : onCancel
            ? "Loading events…"
            : "Events not counted"}
      </span>
      {onCancel && (
        <button type="button" onClick={onCancel} data-testid="cancel-request">
          Cancel
        </button>
      )}
      {first && (
        <LoadProgress
          complete={first.complete}
          progress={first.progress}
          waiting={first.pending !== null}
        />
      )}
      {canExport && total !== null && total > 0 && <ExportLinks apiParams={apiParams} />}
      <ColumnChooser />
    </StatusLine>
  );
}
