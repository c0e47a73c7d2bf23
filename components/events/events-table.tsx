"use client";

import { useTable } from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useMemo, useRef } from "react";
import type { EventListRow } from "@/lib/cloudtrail/event-schema";
import type { SortField } from "@/lib/cloudtrail/fields";
import type { EventSort } from "@/lib/query/event-query";
import { useColumnVisibility } from "./column-chooser";
import { COLUMN_WIDTH_REM, eventColumns, eventTableFeatures } from "./columns";
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
  const { visibility } = useColumnVisibility();
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
    state: { columnVisibility: visibility },
  });

  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= rows.length - PREFETCH_ROWS) onLoadMore();
  }, [lastIndex, rows.length, hasMore, loadingMore, onLoadMore]);

  const leafColumns = table.getVisibleLeafColumns();
  const minWidthRem = leafColumns.reduce((sum, c) => sum + (COLUMN_WIDTH_REM[c.id] ?? 8), 0);

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
        style={{ minWidth: `${minWidthRem}rem` }}
        aria-rowcount={rows.length}
      >
        <colgroup>
          {leafColumns.map((c) => (
            <col key={c.id} style={{ width: `${COLUMN_WIDTH_REM[c.id] ?? 8}rem` }} />
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
