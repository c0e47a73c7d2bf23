import type { ReactNode } from "react";
import { cx } from "../app/class-names";
import styles from "./chart-figure.module.css";
import type { PrintSpan } from "./sized-chart";

/** A chart of the summary in its box, with its caption; printed, the whole page's width or half. */
export function ChartFigure({
  testId,
  caption,
  printSpan,
  children,
}: {
  testId: string;
  caption: ReactNode;
  printSpan: PrintSpan;
  children: ReactNode;
}) {
  return (
    <figure className={cx(styles.chart, printSpan === "page" && styles.page)} data-testid={testId}>
      <figcaption>{caption}</figcaption>
      {children}
    </figure>
  );
}
