"use client";

import Link from "next/link";
import { drillDownHref } from "@/lib/query/drill-down";
import type { SummaryActor } from "@/lib/query/summary-response";
import { ariaSort, SortButton } from "../app/sort-button";
import { formatCount } from "../events/format";
import { EventTime } from "../events/time-zone";
import { CHANGE_FILTER, ERROR_FILTER } from "./summary-filters";

/** Columns the actors table sorts by (client side: one row per actor). */
export const ACTOR_SORTS = [
  "actor",
  "events",
  "changes",
  "errors",
  "denied",
  "console",
  "lastSeen",
] as const;
export type ActorSort = (typeof ACTOR_SORTS)[number];

const TYPE_LABEL: Record<SummaryActor["actorType"], string> = {
  root: "ROOT",
  "iam-user": "IAM user",
  role: "role",
  person: "person",
  service: "AWS service",
  account: "account",
  other: "other",
};

export function sortActors(
  actors: SummaryActor[],
  by: ActorSort,
  descending: boolean,
): SummaryActor[] {
  const value = (a: SummaryActor): string | number => a[by];
  return [...actors].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    const order = va < vb ? -1 : va > vb ? 1 : a.actor < b.actor ? -1 : 1;
    return descending ? -order : order;
  });
}

/** One row per actor: what they did, in numbers and in a sentence, each part opening its events. */
export function ActorsTable({
  actors,
  view,
  by,
  descending,
  onSort,
}: {
  actors: SummaryActor[];
  view: URLSearchParams;
  by: ActorSort;
  descending: boolean;
  onSort: (by: ActorSort) => void;
}) {
  const header = (key: ActorSort, label: string) => {
    const direction = ariaSort(by === key, descending);
    return (
      <th scope="col" aria-sort={direction}>
        <SortButton direction={direction} onClick={() => onSort(key)} testId={`actors-sort-${key}`}>
          {label}
        </SortButton>
      </th>
    );
  };
  return (
    <div className="actors-scroll">
      <table className="actors-table" data-testid="actors-table">
        <thead>
          <tr>
            {header("actor", "Actor")}
            <th scope="col">What they did</th>
            {header("events", "Events")}
            {header("changes", "Changes")}
            {header("errors", "Errors")}
            {header("denied", "Denied")}
            {header("console", "Console / API")}
            <th scope="col">Services</th>
            <th scope="col">Top actions</th>
            {header("lastSeen", "Seen")}
          </tr>
        </thead>
        <tbody>
          {actors.map((a) => {
            const actorFilter = { actor: [a.actor] };
            const href = (extra: Record<string, readonly string[]> = {}) =>
              drillDownHref(view, { ...actorFilter, ...extra });
            return (
              <tr
                key={`${a.actorType}:${a.actor}`}
                data-testid="actor-row"
                data-actor={a.actor}
                className={a.actorType === "root" ? "root-actor" : undefined}
              >
                <th scope="row" className="actor-cell">
                  <Link href={href()} data-testid="actor-link">
                    {a.actor}
                  </Link>
                  <span className={`badge actor-type actor-${a.actorType}`}>
                    {TYPE_LABEL[a.actorType]}
                  </span>
                  {a.accounts.length > 0 && (
                    <span className="muted actor-accounts">{a.accounts.join(", ")}</span>
                  )}
                  {a.sessionCount > 1 && (
                    <details className="actor-sessions" data-testid="actor-sessions">
                      <summary>
                        {a.sessionCount} {a.actorType === "role" ? "sessions" : "principals"}
                      </summary>
                      <ul>
                        {a.sessions.map((s) => (
                          <li key={s.name}>
                            <Link href={drillDownHref(view, { principal: [s.name] })}>
                              {s.name}
                            </Link>{" "}
                            <span className="muted">{formatCount(s.events)}</span>
                          </li>
                        ))}
                        {a.sessionCount > a.sessions.length && (
                          <li className="muted">
                            and {formatCount(a.sessionCount - a.sessions.length)} more
                          </li>
                        )}
                      </ul>
                    </details>
                  )}
                </th>
                <td className="actor-sentence" data-testid="actor-sentence">
                  {a.sentence}
                </td>
                <td className="num" data-testid="actor-events">
                  <Link href={href()}>{formatCount(a.events)}</Link>
                </td>
                <td className="num" data-testid="actor-changes">
                  {a.changes > 0 ? (
                    <Link href={href(CHANGE_FILTER)}>{formatCount(a.changes)}</Link>
                  ) : (
                    "0"
                  )}
                </td>
                <td className="num" data-testid="actor-errors">
                  {a.errors > 0 ? (
                    <Link href={href(ERROR_FILTER)}>{formatCount(a.errors)}</Link>
                  ) : (
                    "0"
                  )}
                </td>
                <td className={`num${a.denied > 0 ? " denied" : ""}`} data-testid="actor-denied">
                  {formatCount(a.denied)}
                </td>
                <td className="num">
                  {formatCount(a.console)} / {formatCount(a.programmatic)}
                </td>
                <td className="actor-services">
                  {a.services.slice(0, 4).map((s, i) => (
                    <span key={s}>
                      {i > 0 && ", "}
                      <Link href={href({ eventSource: [s] })}>
                        {s.replace(".amazonaws.com", "")}
                      </Link>
                    </span>
                  ))}
                  {a.services.length > 4 && (
                    <span className="muted"> +{a.services.length - 4}</span>
                  )}
                </td>
                <td className="actor-actions">
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
                <td className="actor-seen">
                  <EventTime iso={a.firstSeen} />
                  <br />
                  <EventTime iso={a.lastSeen} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
