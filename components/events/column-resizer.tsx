"use client";

import type { Header } from "@tanstack/react-table";
import type { KeyboardEvent } from "react";
import type { EventListRow } from "@/lib/cloudtrail/event-schema";
import { cx } from "../app/class-names";
import styles from "./column-resizer.module.css";
import type { eventTableFeatures } from "./columns";

/** How far an arrow key moves a column's edge (px). */
const KEY_STEP_PX = 16;

/**
 * A column's right edge: dragged to resize it, or focused and moved with the
 * left and right arrows; a double click gives back its default width. The
 * width is kept with the column choice (column-prefs.ts).
 */
export function ColumnResizer({
  header,
  label,
}: {
  header: Header<typeof eventTableFeatures, EventListRow>;
  label: string;
}) {
  const column = header.column;
  const size = column.getSize();
  const { minSize = 0, maxSize = Infinity } = column.columnDef;
  const resize = header.getResizeHandler();

  function onKeyDown(event: KeyboardEvent<HTMLSpanElement>) {
    const step = { ArrowLeft: -KEY_STEP_PX, ArrowRight: KEY_STEP_PX }[event.key];
    if (step === undefined) return;
    event.preventDefault();
    const next = Math.min(maxSize, Math.max(minSize, size + step));
    header.getContext().table.setColumnSizing((old) => ({ ...old, [column.id]: next }));
  }

  return (
    <span
      role="separator"
      aria-orientation="vertical"
      aria-label={`Resize the ${label} column`}
      aria-valuenow={Math.round(size)}
      aria-valuemin={minSize}
      aria-valuemax={maxSize}
      tabIndex={0}
      className={cx(styles.resizer, column.getIsResizing() && styles.resizing)}
      onMouseDown={resize}
      onTouchStart={resize}
      onDoubleClick={() => column.resetSize()}
      onClick={(e) => e.stopPropagation()}
      onKeyDown={onKeyDown}
      title="Drag to resize (double-click: default width)"
      data-testid={`resize-${column.id}`}
    />
  );
}
