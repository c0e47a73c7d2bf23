import { cx } from "../app/class-names";
import styles from "./filter-checks.module.css";

/**
 * A checkbox per value of a filter (any of those checked); a change applies
 * the form at once. With `onClear`, a Clear button shows while any is checked.
 */
export function FilterChecks<V extends string>({
  legend,
  name,
  values,
  label = (v) => v,
  checked,
  onChange,
  onClear,
  wrap = false,
  testId,
  valueTestId,
}: {
  legend: string;
  /** The form field: its checked values are the filter's. */
  name: string;
  values: readonly V[];
  label?: (value: V) => string;
  checked: readonly string[];
  onChange: () => void;
  onClear?: () => void;
  /** Lets the boxes wrap onto more lines. */
  wrap?: boolean;
  testId?: string;
  valueTestId: (value: V) => string;
}) {
  return (
    <fieldset className={cx(styles.checks, wrap && styles.wrap)} data-testid={testId}>
      <legend>{legend}</legend>
      {values.map((value) => (
        <label key={value}>
          <input
            type="checkbox"
            name={name}
            value={value}
            defaultChecked={checked.includes(value)}
            onChange={onChange}
            data-testid={valueTestId(value)}
          />
          {label(value)}
        </label>
      ))}
      {onClear && checked.length > 0 && (
        <button
          type="button"
          className={styles.clear}
          onClick={onClear}
          aria-label={`Clear the ${legend.toLowerCase()} filter`}
          data-testid={testId && `${testId}-clear`}
        >
          Clear
        </button>
      )}
    </fieldset>
  );
}
