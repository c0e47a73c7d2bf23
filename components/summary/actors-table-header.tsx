import { ariaSort, SortButton } from "../app/sort-button";
import type { ActorSort } from "./actor-sort";
import styles from "./actors-table-header.module.css";

/**
 * The actors table's columns, in order; those with a sort key sort the table.
 * `column` is the data-column of the header and of the row's cells (ActorRow):
 * the printed table sizes its columns by it.
 */
const COLUMNS: { label: string; column: string; sort?: ActorSort }[] = [
  { label: "Actor", column: "actor", sort: "actor" },
  { label: "What they did", column: "sentence" },
  { label: "Events", column: "events", sort: "events" },
  { label: "Changes", column: "changes", sort: "changes" },
  { label: "Errors", column: "errors", sort: "errors" },
  { label: "Denied", column: "denied", sort: "denied" },
  { label: "Console / API", column: "console", sort: "console" },
  { label: "Services", column: "services" },
  { label: "Top actions", column: "actions" },
  { label: "Seen", column: "seen", sort: "lastSeen" },
];

export function ActorsTableHeader({
  by,
  descending,
  onSort,
}: {
  by: ActorSort;
  descending: boolean;
  onSort: (by: ActorSort) => void;
}) {
  return (
    <thead>
      <tr>
        {COLUMNS.map(({ label, column, sort }) => {
          const direction = sort && ariaSort(by === sort, descending);
          return (
            <th
              key={label}
              scope="col"
              className={styles.cell}
              aria-sort={direction}
              data-column={column}
            >
              {sort ? (
                <SortButton
                  direction={direction}
                  onClick={() => onSort(sort)}
                  testId={`actors-sort-${sort}`}
                >
                  {label}
                </SortButton>
              ) : (
                label
              )}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}
