import type { ReactNode } from "react";
import styles from "./error-panel.module.css";

/** What went wrong, in place of what could not be shown. */
export function ErrorPanel({
  title,
  testId,
  children,
}: {
  title: string;
  testId: string;
  children: ReactNode;
}) {
  return (
    <div className={styles.panel} role="alert" data-testid={testId}>
      <h2>{title}</h2>
      {children}
    </div>
  );
}
