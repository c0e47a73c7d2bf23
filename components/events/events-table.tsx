"use client";

import { type ColumnSizingState, type Updater, useTable } from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useCallback, useEffect, useMemo, useRef } from "react";
import type { EventListRow } from "@/lib/cloudtrail/event-schema";
import type { SortField } from "@/lib/cloudtrail/fields";
import type { EventSort } from "@/lib/query/event-query";
import { useColumnVisibility } from "./column-chooser";
import { eventColumns, eventTableFeatures } from "./columns";
import styles from "./events-table.module.css";
import { EventsTableBody } from "./events-table-body";
import { EventsTableHeader } from "./events-table-header";

/** Rows are one line high (cells do not wrap), so the list can be virtualized at a fixed size. */
const ROW_HEIGHT_PX = 33;
/** Ask for the next page this many rows before the end is reached. */
const PREFETCH_ROWS = 150;

/**
 * The one table: every category of event, in the view's sort order, virtualized
 * (only the rows on screen are in the DOM) and loading the next page as the end
 * scrolls near. Click or Enter opens a row, up / down move, Esc (in the detail) closes.
 */
export function EventsTable({
  rows,
  selectedId,
  onSelect,
  sort,
  onSort,
  hasMore,
  loadingMore,
  onLoadMore,
}: {
  rows: EventListRow[];
  selectedId: string | null;
  /** Opens an event (a click, Enter) or moves the open one along (up / down). */
  onSelect: (id: string, how?: "open" | "move") => void;
  sort: EventSort;
  onSort: (field: SortField) => void;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
}) {
  const { visibility, widths, setWidths } = useColumnVisibility();
  // Widths dragged in the header are stored as they change (column-prefs.ts).
  const onSizing = useCallback(
    (updater: Updater<ColumnSizingState>) =>
      setWidths(typeof updater === "function" ? updater(widths) : updater),
    [widths, setWidths],
  );
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT_PX,
    overscan: 5,
  });
  const items = virtualizer.getVirtualItems();
  const firstIndex = items[0]?.index ?? 0;
  const lastIndex = items[items.length - 1]?.index ?? -1;
  // The table models only the rows on screen: 100,000 loaded rows cost nothing per render.
  const onScreen = useMemo(
    () => rows.slice(firstIndex, lastIndex + 1),
    [rows, firstIndex, lastIndex],
  );
  const table = useTable({
    features: eventTableFeatures,
    columns: eventColumns,
    data: onScreen,
    getRowId: (row) => row.id,
    state: { columnVisibility: visibility, columnSizing: widths },
    onColumnSizingChange: onSizing,
    columnResizeMode: "onChange",
  });

  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= rows.length - PREFETCH_ROWS) onLoadMore();
  }, [lastIndex, rows.length, hasMore, loadingMore, onLoadMore]);

  const leafColumns = table.getVisibleLeafColumns();

  /** Up and down: focus the row at `index` (and move the open event along). */
  function moveTo(index: number) {
    const row = rows[index];
    if (!row) return;
    virtualizer.scrollToIndex(index, { align: "auto" });
    // The next row is rendered already (overscan) or right after the scroll.
    requestAnimationFrame(() =>
      scroller.current?.querySelector<HTMLElement>(`tr[data-index="${index}"]`)?.focus(),
    );
    if (selectedId) onSelect(row.id, "move");
  }

  // The open event's row in sight once, however it was opened (a link, the detail's up / down).
  const scrolledTo = useRef<string | null>(null);
  useEffect(() => {
    if (!selectedId) {
      scrolledTo.current = null;
      return;
    }
    const index = rows.findIndex((r) => r.id === selectedId);
    if (index < 0 || scrolledTo.current === selectedId) return;
    scrolledTo.current = selectedId;
    virtualizer.scrollToIndex(index, { align: "auto" });
  }, [selectedId, rows, virtualizer]);

  return (
    <div className={styles.scroll} ref={scroller} data-testid="table-scroll">
      <table
        className={styles.table}
        data-testid="events-table"
        // At least the columns' widths; a wider window widens the last column.
        style={{ minWidth: table.getTotalSize() }}
        aria-rowcount={rows.length}
      >
        <colgroup>
          {leafColumns.map((c, i) => (
            <col
              key={c.id}
              style={i < leafColumns.length - 1 ? { width: c.getSize() } : undefined}
            />
          ))}
        </colgroup>
        <EventsTableHeader groups={table.getHeaderGroups()} sort={sort} onSort={onSort} />
        <EventsTableBody
          items={items}
          rows={table.getRowModel().rows}
          totalSize={virtualizer.getTotalSize()}
          columnCount={leafColumns.length}
          selectedId={selectedId}
          onSelect={onSelect}
          onMove={moveTo}
        />
      </table>
      {hasMore && (
        <button
          type="button"
          className={styles.loadMore}
          onClick={onLoadMore}
          disabled={loadingMore}
          data-testid="load-more"
        >
          {loadingMore ? "Loading more events…" : "Load more"}
        </button>
      )}
    </div>
  );
}
