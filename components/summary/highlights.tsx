import Link from "next/link";
import { drillDownHref } from "@/lib/query/drill-down";
import type { Highlight } from "@/lib/query/summary-response";
import { cx } from "../app/class-names";
import styles from "./highlights.module.css";

/** The few facts that matter most in the range, each opening its events. */
export function Highlights({
  highlights,
  view,
}: {
  highlights: Highlight[];
  view: URLSearchParams;
}) {
  if (highlights.length === 0) {
    return (
      <p className="muted" data-testid="highlights-none">
        Nothing stands out: no root use, denied calls, or changes to logging or IAM in this view.
      </p>
    );
  }
  return (
    <ul className={styles.list} data-testid="highlights">
      {highlights.map((h, i) => (
        <li
          key={`${h.kind}-${i}`}
          className={cx(styles.highlight, SEVERITY_CLASS[h.severity])}
          data-testid="highlight"
          data-kind={h.kind}
        >
          <span className={styles.kind}>{KIND_LABEL[h.kind]}</span>
          <span className={styles.text}>{h.text}</span>
          <Link href={drillDownHref(view, h.filter)} className={styles.link}>
            See the events
          </Link>
        </li>
      ))}
    </ul>
  );
}

/** What each kind of highlight is called, as a short label. */
export const KIND_LABEL: Record<Highlight["kind"], string> = {
  integrity: "Integrity",
  root: "Root use",
  logging: "Logging changed",
  "resource-policy": "Shared outside",
  iam: "IAM change",
  "read-burst": "Data read burst",
  insight: "Insights",
  denied: "Denied",
  "new-region": "New Region",
  "new-ip": "New IP",
};

export const SEVERITY_CLASS: Partial<Record<Highlight["severity"], string>> = {
  high: styles.high,
  medium: styles.medium,
};
