"use client";

import { useTable } from "@tanstack/react-table";
import type { KeyboardEvent } from "react";
import type { EventRow } from "@/lib/cloudtrail/event-schema";
import { eventColumns, eventTableFeatures } from "./columns";

/**
 * The one table: every category of event, newest first. Click or Enter opens a
 * row, up / down move, Esc (in the detail) closes.
 */
export function EventsTable({
  rows,
  selectedId,
  onSelect,
}: {
  rows: EventRow[];
  selectedId: string | null;
  onSelect: (id: string) => void;
}) {
  const table = useTable({
    features: eventTableFeatures,
    columns: eventColumns,
    data: rows,
    getRowId: (row) => row.id,
  });

  /** Enter opens a row; up and down move between rows (and move the open event along). */
  function onKeyDown(event: KeyboardEvent<HTMLTableRowElement>, id: string) {
    if (event.target !== event.currentTarget) return;
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      onSelect(id);
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const next = (
        event.key === "ArrowDown"
          ? event.currentTarget.nextElementSibling
          : event.currentTarget.previousElementSibling
      ) as HTMLTableRowElement | null;
      if (!next) return;
      next.focus();
      const nextId = next.dataset.eventId;
      if (selectedId && nextId) onSelect(nextId);
    }
  }

  return (
    <div className="table-scroll">
      <table className="events-table" data-testid="events-table">
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => (
                <th key={header.id} scope="col">
                  {header.isPlaceholder ? null : <table.FlexRender header={header} />}
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((row) => (
            <tr
              key={row.id}
              tabIndex={0}
              aria-selected={row.id === selectedId}
              className={row.id === selectedId ? "selected" : undefined}
              data-testid="event-row"
              data-event-id={row.id}
              data-category={row.original.category}
              onClick={() => onSelect(row.id)}
              onKeyDown={(e) => onKeyDown(e, row.id)}
            >
              {row.getAllCells().map((cell) => (
                <td key={cell.id} data-column={cell.column.id}>
                  <table.FlexRender cell={cell} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
