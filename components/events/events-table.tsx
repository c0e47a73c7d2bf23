"use client";

import { useTable } from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from "react";
import type { EventListRow } from "@/lib/cloudtrail/event-schema";
import type { SortField } from "@/lib/cloudtrail/fields";
import type { EventSort } from "@/lib/query/event-query";
import { useColumnVisibility } from "./column-chooser";
import { ActiveRowContext } from "./filter-toggle";
import { COLUMN_WIDTH_REM, eventColumns, eventTableFeatures, SORTABLE_COLUMNS } from "./columns";

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
  onSelect: (id: string) => void;
  sort: EventSort;
  onSort: (field: SortField) => void;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
}) {
  const { visibility } = useColumnVisibility();
  /** The row under the pointer or focus: the only one with + / − buttons in its cells. */
  const [activeId, setActiveId] = useState<string | null>(null);
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

  const tableRows = table.getRowModel().rows;
  const leafColumns = table.getVisibleLeafColumns();
  const minWidthRem = leafColumns.reduce((sum, c) => sum + (COLUMN_WIDTH_REM[c.id] ?? 8), 0);

  /** Enter opens a row; up and down move between rows (and move the open event along). */
  function onKeyDown(event: KeyboardEvent<HTMLTableRowElement>, index: number) {
    if (event.target !== event.currentTarget) return;
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      onSelect(rows[index]!.id);
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const next = index + (event.key === "ArrowDown" ? 1 : -1);
      const row = rows[next];
      if (!row) return;
      virtualizer.scrollToIndex(next, { align: "auto" });
      // The next row is rendered already (overscan) or right after the scroll.
      requestAnimationFrame(() =>
        scroller.current?.querySelector<HTMLElement>(`tr[data-index="${next}"]`)?.focus(),
      );
      if (selectedId) onSelect(row.id);
    }
  }

  const paddingTop = items[0]?.start ?? 0;
  const paddingBottom = virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0);

  return (
    <div className="table-scroll" ref={scroller} data-testid="table-scroll">
      <table
        className="events-table"
        data-testid="events-table"
        style={{ minWidth: `${minWidthRem}rem` }}
        aria-rowcount={rows.length}
      >
        <colgroup>
          {leafColumns.map((c) => (
            <col key={c.id} style={{ width: `${COLUMN_WIDTH_REM[c.id] ?? 8}rem` }} />
          ))}
        </colgroup>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const field = SORTABLE_COLUMNS[header.column.id];
                const active = field !== undefined && sort.field === field;
                return (
                  <th
                    key={header.id}
                    scope="col"
                    aria-sort={active ? (sort.descending ? "descending" : "ascending") : undefined}
                    data-column={header.column.id}
                  >
                    {field ? (
                      <button
                        type="button"
                        className="sort-button"
                        onClick={() => onSort(field)}
                        title="Sort by this column (again to reverse)"
                        data-testid={`sort-${header.column.id}`}
                      >
                        <table.FlexRender header={header} />
                        <span aria-hidden="true" className="sort-glyph">
                          {active ? (sort.descending ? "▼" : "▲") : ""}
                        </span>
                      </button>
                    ) : (
                      <table.FlexRender header={header} />
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {paddingTop > 0 && (
            <tr aria-hidden="true" className="spacer">
              <td colSpan={leafColumns.length} style={{ height: paddingTop }} />
            </tr>
          )}
          {items.map((item, i) => {
            const row = tableRows[i];
            if (!row) return null;
            return (
              <tr
                key={row.id}
                tabIndex={0}
                aria-selected={row.id === selectedId}
                aria-rowindex={item.index + 2}
                className={row.id === selectedId ? "selected" : undefined}
                data-testid="event-row"
                data-index={item.index}
                data-event-id={row.id}
                data-category={row.original.category}
                onClick={() => onSelect(row.id)}
                onKeyDown={(e) => onKeyDown(e, item.index)}
                onMouseEnter={() => setActiveId(row.id)}
                onFocus={() => setActiveId(row.id)}
              >
                <ActiveRowContext.Provider value={row.id === activeId}>
                  {row.getVisibleCells().map((cell) => (
                    <td key={cell.id} data-column={cell.column.id}>
                      <table.FlexRender cell={cell} />
                    </td>
                  ))}
                </ActiveRowContext.Provider>
              </tr>
            );
          })}
          {paddingBottom > 0 && (
            <tr aria-hidden="true" className="spacer">
              <td colSpan={leafColumns.length} style={{ height: paddingBottom }} />
            </tr>
          )}
        </tbody>
      </table>
      {hasMore && (
        <button
          type="button"
          className="load-more"
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
