import type { ReactNode } from "react";
import styles from "./status-line.module.css";

/** The line under the filter bar: how many, how far loading got, and what to do with the view. */
export function StatusLine({ children }: { children: ReactNode }) {
  return <div className={styles.line}>{children}</div>;
}
