import Link from "next/link";
import { actorFilter, drillDownHref } from "@/lib/query/drill-down";
import type { SummaryActor } from "@/lib/query/summary-response";
import { cx } from "../app/class-names";
import { formatCount } from "../events/format";
import { EventTime } from "../events/time-zone";
import { ActorCell } from "./actor-cell";
import styles from "./actor-row.module.css";
import { CHANGE_FILTER, ERROR_FILTER } from "./summary-filters";

/** How many services a row names before "+N". */
const SERVICES_SHOWN = 4;

/** One actor: each number, service and action opens the table at the events behind it. */
export function ActorRow({ actor: a, view }: { actor: SummaryActor; view: URLSearchParams }) {
  const href = (extra: Record<string, readonly string[]> = {}) =>
    drillDownHref(view, { ...actorFilter(a), ...extra });
  return (
    <tr
      data-testid="actor-row"
      data-actor={a.actor}
      data-actor-account={a.actorAccount ?? ""}
      className={cx(styles.row, a.actorType === "root" && styles.root)}
    >
      <ActorCell actor={a} view={view} href={href()} />
      <td className={styles.sentence} data-column="sentence" data-testid="actor-sentence">
        {a.sentence}
      </td>
      <td className={styles.num} data-column="events" data-testid="actor-events">
        <Link href={href()}>{formatCount(a.events)}</Link>
      </td>
      <td className={styles.num} data-column="changes" data-testid="actor-changes">
        {a.changes > 0 ? <Link href={href(CHANGE_FILTER)}>{formatCount(a.changes)}</Link> : "0"}
      </td>
      <td className={styles.num} data-column="errors" data-testid="actor-errors">
        {a.errors > 0 ? <Link href={href(ERROR_FILTER)}>{formatCount(a.errors)}</Link> : "0"}
      </td>
      <td
        className={cx(styles.num, a.denied > 0 && styles.denied)}
        data-column="denied"
        data-testid="actor-denied"
      >
        {formatCount(a.denied)}
      </td>
      <td className={styles.num} data-column="console">
        {formatCount(a.console)} / {formatCount(a.programmatic)}
      </td>
      <td data-column="services">
        {a.services.slice(0, SERVICES_SHOWN).map((s, i) => (
          <span key={s}>
            {i > 0 && ", "}
            <Link href={href({ eventSource: [s] })}>{s.replace(".amazonaws.com", "")}</Link>
          </span>
        ))}
        {a.services.length > SERVICES_SHOWN && (
          <span className="muted"> +{a.services.length - SERVICES_SHOWN}</span>
        )}
      </td>
      <td data-column="actions">
        {a.topActions.map((t, i) => (
          <span key={`${t.eventSource}:${t.eventName}`}>
            {i > 0 && ", "}
            <Link
              href={href({
                eventName: [t.eventName],
                eventSource: [t.eventSource],
                ...(a.topActionsAre === "changes" ? CHANGE_FILTER : {}),
              })}
            >
              {t.eventName}
            </Link>{" "}
            ×{formatCount(t.count)}
          </span>
        ))}
      </td>
      <td className={styles.seen} data-column="seen">
        <EventTime iso={a.firstSeen} />
        <br />
        <EventTime iso={a.lastSeen} />
      </td>
    </tr>
  );
}
