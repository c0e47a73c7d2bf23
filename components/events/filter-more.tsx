import { INTEGRITY_STATUSES } from "@/lib/integrity/integrity-schema";
import styles from "./filter-more.module.css";
import { FilterChecks } from "./filter-checks";
import { INTEGRITY_LABEL } from "./integrity-label";
import { FieldError, invalidProps } from "./field-error";
import { FilterFields, type InvalidFields, TextFilter } from "./filter-text-fields";
import { type FilterState, TEXT_FILTERS } from "./filter-values";

/**
 * "More filters": the rarer text filters, the result, reads or changes, the
 * caller's account and the files' integrity, folded away.
 */
export function MoreFilters({
  state,
  open,
  invalid,
  onApply,
  onClearIntegrity,
}: {
  state: FilterState;
  open: boolean;
  invalid: InvalidFields;
  /** Applies the form (a checkbox applies at once). */
  onApply: () => void;
  onClearIntegrity: () => void;
}) {
  return (
    <details className={styles.more} open={open} data-testid="more-filters">
      <summary>More filters</summary>
      <FilterFields>
        {TEXT_FILTERS.filter((f) => f.more).map((f) => (
          <TextFilter key={f.key} filter={f} state={state} error={invalid[f.key]} />
        ))}
        <label>
          Result
          <select
            name="error"
            defaultValue={state.error ?? ""}
            data-testid="filter-error"
            {...invalidProps("error", invalid.error)}
          >
            <option value="">Any result</option>
            <option value="any">Failed calls</option>
            <option value="none">Successful calls</option>
          </select>
          <FieldError name="error" message={invalid.error} />
        </label>
        <label>
          Reads or changes
          <select
            name="readOnly"
            defaultValue={state.readOnly ?? ""}
            data-testid="filter-readOnly"
            {...invalidProps("readOnly", invalid.readOnly)}
          >
            <option value="">Both</option>
            <option value="false">Changes (not read-only)</option>
            <option value="true">Reads (read-only)</option>
          </select>
          <FieldError name="readOnly" message={invalid.readOnly} />
        </label>
        <label>
          Caller
          <select
            name="crossAccount"
            defaultValue={state.crossAccount ?? ""}
            data-testid="filter-crossAccount"
            {...invalidProps("crossAccount", invalid.crossAccount)}
          >
            <option value="">Any account</option>
            <option value="true">From another account</option>
            <option value="false">From the same account</option>
          </select>
          <FieldError name="crossAccount" message={invalid.crossAccount} />
        </label>
      </FilterFields>
      <FilterChecks
        legend="Integrity"
        name="integrity"
        values={INTEGRITY_STATUSES}
        label={(status) => INTEGRITY_LABEL[status]}
        checked={state.integrity}
        onChange={onApply}
        onClear={onClearIntegrity}
        wrap
        testId="filter-integrity"
        valueTestId={(status) => `filter-integrity-${status}`}
      />
      <p className={styles.hint}>
        Separate values with commas; start a value with ! to exclude it.
      </p>
    </details>
  );
}
