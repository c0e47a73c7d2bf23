import { ariaSort, SortButton } from "../app/sort-button";
import type { ActorSort } from "./actor-sort";
import styles from "./actors-table-header.module.css";

/** The actors table's columns, in order; those with a key sort the table. */
const COLUMNS: { label: string; sort?: ActorSort }[] = [
  { label: "Actor", sort: "actor" },
  { label: "What they did" },
  { label: "Events", sort: "events" },
  { label: "Changes", sort: "changes" },
  { label: "Errors", sort: "errors" },
  { label: "Denied", sort: "denied" },
  { label: "Console / API", sort: "console" },
  { label: "Services" },
  { label: "Top actions" },
  { label: "Seen", sort: "lastSeen" },
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
        {COLUMNS.map(({ label, sort }) => {
          const direction = sort && ariaSort(by === sort, descending);
          return (
            <th key={label} scope="col" className={styles.cell} aria-sort={direction}>
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
