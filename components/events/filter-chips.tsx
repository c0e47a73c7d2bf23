"use client";

import type { SetValues } from "nuqs";
import { cx } from "../app/class-names";
import styles from "./filter-chips.module.css";
import { filterChips, withoutFilters } from "./filter-chips-model";
import type { FilterState } from "./filter-values";
import type { eventsSearchParams } from "./search-params";

/**
 * The view's filters, each a chip that removes it, and "Clear all": what is
 * on screen is every filter applied. A chip whose value the server would
 * refuse is marked with why (`invalid`: parameter -> message).
 */
export function FilterChips({
  state,
  setState,
  invalid = {},
}: {
  state: FilterState;
  setState: SetValues<typeof eventsSearchParams>;
  invalid?: Record<string, string>;
}) {
  const chips = filterChips(state);
  if (chips.length === 0) return null;
  return (
    <div
      className={styles.chips}
      role="group"
      aria-label="Active filters"
      data-testid="filter-chips"
    >
      <span className={styles.title}>Filters</span>
      {chips.map((chip) => {
        const problem = invalid[chip.param];
        const text = `${chip.label}: ${chip.exclude ? "not " : ""}${chip.value}`;
        return (
          <span
            key={chip.id}
            className={cx(styles.chip, chip.exclude && styles.exclude, problem && styles.invalid)}
            title={problem ?? text}
            data-testid="filter-chip"
            data-param={chip.param}
            data-value={chip.value}
          >
            <span className={styles.label}>{chip.label}</span>
            <span className={styles.value}>
              {chip.exclude && <span className={styles.not}>not </span>}
              {chip.value}
            </span>
            <button
              type="button"
              aria-label={`Remove the filter ${text}`}
              onClick={() => void setState({ ...chip.without, event: null })}
              data-testid="chip-remove"
            >
              ×
            </button>
          </span>
        );
      })}
      <button
        type="button"
        className={styles.clearAll}
        onClick={() => void setState(withoutFilters())}
        title="Remove every filter (the time range stays)"
        data-testid="clear-filters"
      >
        Clear all
      </button>
    </div>
  );
}
