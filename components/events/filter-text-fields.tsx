import type { ReactNode } from "react";
import { FieldError, invalidProps } from "./field-error";
import styles from "./filter-text-fields.module.css";
import {
  type FilterState,
  TEXT_FILTERS,
  type TextFilterField,
  textFilterValue,
} from "./filter-values";

/** A row of filter inputs that wraps. */
export function FilterFields({ children }: { children: ReactNode }) {
  return <div className={styles.fields}>{children}</div>;
}

/** Parameter -> why its value is refused (view-issues.ts). */
export type InvalidFields = Record<string, string>;

/** The text filters always in sight, and the search of the whole record. */
export function MainTextFilters({
  state,
  invalid,
}: {
  state: FilterState;
  invalid: InvalidFields;
}) {
  return (
    <FilterFields>
      {TEXT_FILTERS.filter((f) => !f.more).map((f) => (
        <TextFilter key={f.key} filter={f} state={state} error={invalid[f.key]} />
      ))}
      <label className={styles.search}>
        Search the whole record
        <input
          type="search"
          name="q"
          placeholder="any text: an IP, a key, a bucket…"
          defaultValue={state.q ?? ""}
          data-testid="filter-q"
          {...invalidProps("q", invalid.q)}
        />
        <FieldError name="q" message={invalid.q} />
      </label>
    </FilterFields>
  );
}

/** One comma-separated field: included values, then excluded ones with a leading `!`. */
export function TextFilter({
  filter,
  state,
  error,
}: {
  filter: TextFilterField;
  state: FilterState;
  /** Why its value is refused. */
  error?: string;
}) {
  return (
    <label>
      {filter.label}
      <input
        type="text"
        name={filter.key}
        placeholder={filter.placeholder}
        defaultValue={textFilterValue(state, filter.key)}
        data-testid={`filter-${filter.key}`}
        {...invalidProps(filter.key, error)}
      />
      <FieldError name={filter.key} message={error} />
    </label>
  );
}
