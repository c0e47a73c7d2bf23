import Link from "next/link";
import { drillDownHref } from "@/lib/query/drill-down";
import type { SummaryActor } from "@/lib/query/summary-response";
import { cx } from "../app/class-names";
import { formatCount } from "../events/format";
import styles from "./actor-cell.module.css";

const TYPE_LABEL: Record<SummaryActor["actorType"], string> = {
  root: "ROOT",
  "iam-user": "IAM user",
  role: "role",
  person: "person",
  service: "AWS service",
  account: "account",
  unknown: "unknown caller",
  other: "other",
};

const TYPE_CLASS: Partial<Record<SummaryActor["actorType"], string>> = {
  root: styles.root,
  service: styles.service,
};

/** Who: the actor (opening their events), what kind, their accounts and their sessions. */
export function ActorCell({
  actor: a,
  view,
  href,
}: {
  actor: SummaryActor;
  view: URLSearchParams;
  /** The table at the actor's events. */
  href: string;
}) {
  return (
    <th scope="row" className={styles.cell} data-column="actor">
      <Link href={href} data-testid="actor-link">
        {a.actor}
      </Link>
      {/* actor-<type>: the e2e tests find root's badge by it. */}
      <span className={cx(styles.badge, TYPE_CLASS[a.actorType], `actor-${a.actorType}`)}>
        {TYPE_LABEL[a.actorType]}
      </span>
      {a.actorAccount ? (
        <span
          className={styles.accounts}
          data-testid="actor-account"
          title="The account it belongs to"
        >
          of {a.actorAccount}
          {a.accounts.some((acc) => acc !== a.actorAccount) && (
            <span className="muted"> · in {a.accounts.join(", ")}</span>
          )}
        </span>
      ) : (
        a.accounts.length > 0 && (
          <span className={cx("muted", styles.accounts)}>{a.accounts.join(", ")}</span>
        )
      )}
      {a.sessionCount > 1 && <ActorSessions actor={a} view={view} />}
    </th>
  );
}

/** The role sessions (or principals) behind an actor, each opening its own events. */
function ActorSessions({ actor: a, view }: { actor: SummaryActor; view: URLSearchParams }) {
  return (
    <details className={styles.sessions} data-testid="actor-sessions">
      <summary>
        {a.sessionCount} {a.actorType === "role" ? "sessions" : "principals"}
      </summary>
      <ul>
        {a.sessions.map((s) => (
          <li key={s.name}>
            <Link href={drillDownHref(view, { principal: [s.name] })}>{s.name}</Link>{" "}
            <span className="muted">{formatCount(s.events)}</span>
          </li>
        ))}
        {a.sessionCount > a.sessions.length && (
          <li className="muted">and {formatCount(a.sessionCount - a.sessions.length)} more</li>
        )}
      </ul>
    </details>
  );
}
