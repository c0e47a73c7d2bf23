import Link from "next/link";
import styles from "./filter-actions.module.css";

/** Apply the form, or go back to the default view. */
export function FilterActions() {
  return (
    <div className={styles.actions}>
      <button type="submit" data-testid="apply-filters">
        Apply
      </button>
      <Link href="/">Reset</Link>
    </div>
  );
}
