"use client";

import { createContext, useContext } from "react";
import type { ListField } from "@/lib/cloudtrail/fields";
import styles from "./filter-toggle.module.css";

/**
 * Adding a value to the view's filter from anywhere on the page (facets, table
 * cells): `include` shows only events with it (or adds it to the field's
 * values), `exclude` hides them; doing it again takes the value out.
 */
export type FilterToggle = (field: ListField, value: string, mode: "include" | "exclude") => void;

export const FilterToggleContext = createContext<FilterToggle | null>(null);

/** Lists after toggling `value`, from the field's current included and excluded values. */
export function toggledLists(
  included: string[],
  excluded: string[],
  value: string,
  mode: "include" | "exclude",
): { included: string[]; excluded: string[] } {
  const active = (mode === "include" ? included : excluded).includes(value);
  const nextIncluded = included.filter((v) => v !== value);
  const nextExcluded = excluded.filter((v) => v !== value);
  if (!active) (mode === "include" ? nextIncluded : nextExcluded).push(value);
  return { included: nextIncluded, excluded: nextExcluded };
}

const MODES = ["include", "exclude"] as const;

/**
 * + (only this value) and − (hide it) for one value of a field. Their glyphs
 * come from CSS, so the text around them (a table cell) stays the value.
 */
export function FilterValueButtons({
  field,
  value,
  testIdPrefix,
  pressed,
}: {
  field: ListField;
  value: string | null;
  testIdPrefix: string;
  /** Whether the value is already included or excluded (shown pressed). */
  pressed?: Record<(typeof MODES)[number], boolean>;
}) {
  const toggle = useContext(FilterToggleContext);
  if (!toggle || !value) return null;
  return MODES.map((mode) => {
    const label = mode === "include" ? `Only ${value}` : `Hide ${value}`;
    return (
      <button
        key={mode}
        type="button"
        className={styles.valueButton}
        title={label}
        aria-label={label}
        aria-pressed={pressed?.[mode]}
        data-mode={mode}
        data-testid={`${testIdPrefix}-${mode}`}
        onClick={(e) => {
          // In a table cell: filter, don't open the row.
          e.stopPropagation();
          toggle(field, value, mode);
        }}
      />
    );
  });
}

/**
 * Whether the row around a cell is the one under the pointer or focus. Only
 * that row gets the + / − buttons: drawing them in every row made scrolling
 * the table 5× slower (`npm run bench`, browser part).
 */
export const ActiveRowContext = createContext(true);

/** The buttons on a table cell's value, shown when the pointer or focus is on the cell. */
export function CellFilterButtons({ field, value }: { field: ListField; value: string | null }) {
  const active = useContext(ActiveRowContext);
  if (!value || !active) return null;
  return (
    <span className={styles.cellFilter} data-cell-actions="">
      <FilterValueButtons field={field} value={value} testIdPrefix="cell" />
    </span>
  );
}
