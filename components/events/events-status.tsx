import type { EventsResponse } from "@/lib/query/events-response";
import { ColumnChooser } from "./column-chooser";
import { ExportLinks } from "./export-links";
import { formatCount } from "./format";
import { LoadProgress } from "./load-progress";
import { StatusLine } from "./status-line";

/** The view's count, the sources' progress, the exports and the column chooser. */
export function EventsStatus({
  first,
  apiParams,
  canExport,
}: {
  /** The view's first page, which carries the count and the load state. */
  first: EventsResponse | undefined;
  apiParams: string;
  canExport: boolean;
}) {
  const total = first?.total ?? null;
  return (
    <StatusLine>
      {/* Announced when it changes (a filter applied, the load done), without interrupting. */}
      <span data-testid="total" role="status" aria-live="polite">
        {total !== null ? `${formatCount(total)} events` : "Loading events…"}
      </span>
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
