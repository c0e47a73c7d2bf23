import { INTEGRITY_STATUSES, type IntegrityStatus } from "@/lib/integrity/integrity-schema";
import styles from "./filter-integrity.module.css";
import { INTEGRITY_LABEL } from "./integrity-label";

/**
 * A checkbox per standing of the file an event was read from against the
 * digests (any of those checked); a change applies the form at once, as the
 * categories do.
 */
export function IntegrityChecks({
  checked,
  onChange,
  onClear,
}: {
  checked: readonly IntegrityStatus[];
  onChange: () => void;
  onClear: () => void;
}) {
  return (
    <fieldset className={styles.integrity} data-testid="filter-integrity">
      <legend>Integrity</legend>
      {INTEGRITY_STATUSES.map((status) => (
        <label key={status}>
          <input
            type="checkbox"
            name="integrity"
            value={status}
            defaultChecked={checked.includes(status)}
            onChange={onChange}
            data-testid={`filter-integrity-${status}`}
          />
          {INTEGRITY_LABEL[status]}
        </label>
      ))}
      {checked.length > 0 && (
        <button
          type="button"
          className={styles.clear}
          onClick={onClear}
          aria-label="Clear the integrity filter"
          data-testid="filter-integrity-clear"
        >
          Clear
        </button>
      )}
    </fieldset>
  );
}
