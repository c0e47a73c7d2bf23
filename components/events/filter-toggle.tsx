"use client";

import { createContext, useContext } from "react";
import type { ListField } from "@/lib/query/event-query";

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

/**
 * The + / − buttons shown on a table cell's value when the pointer or focus is
 * on its row. Their glyphs come from CSS, so a cell's text stays its value.
 */
export function CellFilterButtons({ field, value }: { field: ListField; value: string | null }) {
  const toggle = useContext(FilterToggleContext);
  if (!toggle || !value) return null;
  return (
    <span className="cell-filter">
      <button
        type="button"
        title={`Only ${value}`}
        aria-label={`Only ${value}`}
        data-testid="cell-include"
        data-mode="include"
        onClick={(e) => {
          e.stopPropagation();
          toggle(field, value, "include");
        }}
      />
      <button
        type="button"
        title={`Hide ${value}`}
        aria-label={`Hide ${value}`}
        data-testid="cell-exclude"
        data-mode="exclude"
        onClick={(e) => {
          e.stopPropagation();
          toggle(field, value, "exclude");
        }}
      />
    </span>
  );
}
