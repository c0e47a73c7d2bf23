import Link from "next/link";
import { drillDownHref } from "@/lib/query/drill-down";
import type { Highlight } from "@/lib/query/summary-response";

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
      <p className="highlights-none muted" data-testid="highlights-none">
        Nothing stands out: no root use, denied calls, or changes to logging or IAM in this view.
      </p>
    );
  }
  return (
    <ul className="highlights" data-testid="highlights">
      {highlights.map((h, i) => (
        <li
          key={`${h.kind}-${i}`}
          className={`highlight severity-${h.severity}`}
          data-testid="highlight"
          data-kind={h.kind}
        >
          <span className="highlight-kind">{KIND_LABEL[h.kind]}</span>
          <span className="highlight-text">{h.text}</span>
          <Link href={drillDownHref(view, h.filter)} className="highlight-link">
            See the events
          </Link>
        </li>
      ))}
    </ul>
  );
}

const KIND_LABEL: Record<Highlight["kind"], string> = {
  root: "Root use",
  logging: "Logging changed",
  denied: "Denied",
  iam: "IAM change",
  "new-region": "New Region",
  "new-ip": "New IP",
};
