import { FlexRender, type Row } from "@tanstack/react-table";
import type { KeyboardEvent } from "react";
import type { EventListRow } from "@/lib/cloudtrail/event-schema";
import { cx } from "../app/class-names";
import type { eventTableFeatures } from "./columns";
import styles from "./event-row.module.css";
import { ActiveRowContext } from "./filter-toggle";

/** How many of the last columns show their values whole toward the left. */
const END_COLUMNS = 3;

/**
 * One event in the table. Click or Enter opens it; up and down move to the
 * row above or below. `active` (under the pointer or focus) gives its cells
 * their + / − buttons, which show with the value whole when the pointer or
 * focus is on the cell.
 */
export function EventRow({
  row,
  index,
  selected,
  active,
  onSelect,
  onMove,
  onActive,
}: {
  row: Row<typeof eventTableFeatures, EventListRow>;
  /** Its place in the whole list (not only the rows on screen). */
  index: number;
  selected: boolean;
  active: boolean;
  onSelect: (id: string) => void;
  onMove: (index: number) => void;
  onActive: (id: string) => void;
}) {
  const cells = row.getVisibleCells();

  function onKeyDown(event: KeyboardEvent<HTMLTableRowElement>) {
    if (event.target !== event.currentTarget) return;
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      onSelect(row.id);
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      onMove(index + (event.key === "ArrowDown" ? 1 : -1));
    }
  }

  return (
    <tr
      tabIndex={0}
      aria-selected={selected}
      aria-rowindex={index + 2}
      className={cx(styles.row, selected && styles.selected)}
      data-testid="event-row"
      data-index={index}
      data-event-id={row.id}
      data-category={row.original.category}
      onClick={() => onSelect(row.id)}
      onKeyDown={onKeyDown}
      onMouseEnter={() => onActive(row.id)}
      onFocus={() => onActive(row.id)}
    >
      <ActiveRowContext.Provider value={active}>
        {cells.map((cell, i) => (
          <td
            key={cell.id}
            data-column={cell.column.id}
            // The last columns open to the left (toward the table), not past its edge.
            data-end={i >= cells.length - END_COLUMNS ? "" : undefined}
          >
            <div className={styles.cell}>
              <FlexRender cell={cell} />
            </div>
          </td>
        ))}
      </ActiveRowContext.Provider>
    </tr>
  );
}
