import { EVENT_CATEGORIES } from "@/lib/cloudtrail/fields";
import styles from "./filter-categories.module.css";

/** A checkbox per event category; a change applies the form at once. */
export function CategoryChecks({
  checked,
  onChange,
}: {
  checked: readonly string[];
  onChange: () => void;
}) {
  return (
    <fieldset className={styles.categories}>
      <legend>Category</legend>
      {EVENT_CATEGORIES.map((c) => (
        <label key={c}>
          <input
            type="checkbox"
            name="category"
            value={c}
            defaultChecked={checked.includes(c)}
            onChange={onChange}
            data-testid={`category-${c}`}
          />
          {c}
        </label>
      ))}
    </fieldset>
  );
}
