import type { Row } from "@tanstack/react-table";
import type { VirtualItem } from "@tanstack/react-virtual";
import { useState } from "react";
import type { EventListRow } from "@/lib/cloudtrail/event-schema";
import type { eventTableFeatures } from "./columns";
import { EventRow } from "./event-row";
import styles from "./events-table-body.module.css";

/**
 * The rows on screen (and a few around), between two empty rows as tall as
 * the rows above and below them: the scroll bar stays the whole list's.
 */
export function EventsTableBody({
  items,
  rows,
  totalSize,
  columnCount,
  selectedId,
  onSelect,
  onMove,
}: {
  /** The virtualizer's window. */
  items: VirtualItem[];
  /** The table's rows for that window, in the same order. */
  rows: Row<typeof eventTableFeatures, EventListRow>[];
  totalSize: number;
  columnCount: number;
  selectedId: string | null;
  onSelect: (id: string) => void;
  onMove: (index: number) => void;
}) {
  /** The row under the pointer or focus: the only one with + / − buttons in its cells. */
  const [activeId, setActiveId] = useState<string | null>(null);
  const paddingTop = items[0]?.start ?? 0;
  const paddingBottom = totalSize - (items[items.length - 1]?.end ?? 0);
  return (
    <tbody>
      {paddingTop > 0 && <Spacer height={paddingTop} columnCount={columnCount} />}
      {items.map((item, i) => {
        const row = rows[i];
        if (!row) return null;
        return (
          <EventRow
            key={row.id}
            row={row}
            index={item.index}
            selected={row.id === selectedId}
            active={row.id === activeId}
            onSelect={onSelect}
            onMove={onMove}
            onActive={setActiveId}
          />
        );
      })}
      {paddingBottom > 0 && <Spacer height={paddingBottom} columnCount={columnCount} />}
    </tbody>
  );
}

function Spacer({ height, columnCount }: { height: number; columnCount: number }) {
  return (
    <tr aria-hidden="true" className={styles.spacer}>
      <td colSpan={columnCount} style={{ height }} />
    </tr>
  );
}
