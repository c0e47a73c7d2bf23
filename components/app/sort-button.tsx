import type { ReactNode } from "react";
import styles from "./sort-button.module.css";

export type SortDirection = "ascending" | "descending";

/** `aria-sort` of a column header: its direction when the table is sorted by it. */
export function ariaSort(active: boolean, descending: boolean): SortDirection | undefined {
  return active ? (descending ? "descending" : "ascending") : undefined;
}

/**
 * A column header's button that sorts by it (again to reverse), with ▲ or ▼
 * when it is the sort. Printed, the label is plain text: Chromium leaves
 * buttons out of the header it repeats on each page.
 */
export function SortButton({
  direction,
  onClick,
  title,
  testId,
  children,
}: {
  direction: SortDirection | undefined;
  onClick: () => void;
  title?: string;
  testId: string;
  children: ReactNode;
}) {
  return (
    <>
      <button
        type="button"
        className={styles.button}
        onClick={onClick}
        title={title}
        data-testid={testId}
      >
        {children}
        <span aria-hidden="true">
          {direction === "descending" ? "▼" : direction === "ascending" ? "▲" : ""}
        </span>
      </button>
      <span className={styles.printed} aria-hidden="true">
        {children}
      </span>
    </>
  );
}
