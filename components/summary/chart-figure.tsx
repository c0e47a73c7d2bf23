import type { ReactNode } from "react";
import styles from "./chart-figure.module.css";

/** A chart of the summary in its box, with its caption. */
export function ChartFigure({
  testId,
  caption,
  children,
}: {
  testId: string;
  caption: ReactNode;
  children: ReactNode;
}) {
  return (
    <figure className={styles.chart} data-testid={testId}>
      <figcaption>{caption}</figcaption>
      {children}
    </figure>
  );
}
