import { FlexRender, type HeaderGroup } from "@tanstack/react-table";
import type { EventListRow } from "@/lib/cloudtrail/event-schema";
import type { SortField } from "@/lib/cloudtrail/fields";
import type { EventSort } from "@/lib/query/event-query";
import { ariaSort, SortButton } from "../app/sort-button";
import { COLUMN_LABELS, type eventTableFeatures, SORTABLE_COLUMNS } from "./columns";
import { ColumnResizer } from "./column-resizer";
import styles from "./events-table-header.module.css";

/**
 * The column names, stuck to the top; a click on a sortable one sorts the view
 * by it; each right edge is dragged (or moved with the arrow keys) to resize.
 */
export function EventsTableHeader({
  groups,
  sort,
  onSort,
}: {
  groups: HeaderGroup<typeof eventTableFeatures, EventListRow>[];
  sort: EventSort;
  onSort: (field: SortField) => void;
}) {
  return (
    <thead>
      {groups.map((group) => (
        <tr key={group.id}>
          {group.headers.map((header) => {
            const field = SORTABLE_COLUMNS[header.column.id];
            const direction = ariaSort(
              field !== undefined && sort.field === field,
              sort.descending,
            );
            return (
              <th
                key={header.id}
                scope="col"
                className={styles.cell}
                aria-sort={direction}
                data-column={header.column.id}
              >
                {field ? (
                  <SortButton
                    direction={direction}
                    onClick={() => onSort(field)}
                    title="Sort by this column (again to reverse)"
                    testId={`sort-${header.column.id}`}
                  >
                    <FlexRender header={header} />
                  </SortButton>
                ) : (
                  <FlexRender header={header} />
                )}
                <ColumnResizer
                  header={header}
                  label={COLUMN_LABELS.find((c) => c.id === header.column.id)?.label ?? ""}
                />
              </th>
            );
          })}
        </tr>
      ))}
    </thead>
  );
}
