"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { EventRow } from "@/lib/cloudtrail/event-schema";
import type { RelatedResponse } from "@/lib/query/events-response";
import { fetchRelated } from "./fetch-events";
import { formatCount } from "./format";
import styles from "./related-events.module.css";
import { EventTime } from "./time-zone";

type Group = RelatedResponse["groups"][number];
type RelatedEvent = Group["events"][number];

const KIND_LABEL: Record<Group["kind"], string> = {
  principal: "Same principal",
  accessKey: "Same access key",
  request: "Same request",
  sharedEvent: "Same sharedEventID",
};

/** The table's filter for a group (request IDs have no filter of their own: searched as text). */
function groupFilter(event: EventRow, group: Group): [string, string] {
  if (group.kind === "principal") {
    return event.principalArn
      ? ["principalArn", event.principalArn]
      : ["principal", event.principal];
  }
  if (group.kind === "accessKey") return ["accessKeyId", group.value];
  return ["q", group.value];
}

/** The table's URL for a group over a range: the minutes around the event, or the whole range. */
function tableHref(event: EventRow, group: Group, range: { from: string; to: string }): string {
  const params = new URLSearchParams(range);
  params.set(...groupFilter(event, group));
  return `/?${params.toString()}`;
}

function around(event: EventRow, minutes: number): { from: string; to: string } {
  const t = Date.parse(event.time);
  return {
    from: new Date(t - minutes * 60_000).toISOString(),
    to: new Date(t + minutes * 60_000).toISOString(),
  };
}

/**
 * What else happened with the same principal, key, request or sharedEventID:
 * the nearest within minutes of the event in time order (the event itself in
 * its place), how many over the view's range, and both in the table.
 */
export function RelatedEvents({
  event,
  view,
  onOpen,
}: {
  event: EventRow;
  /** The events page's URL parameters (its range); null on a permalink's page: the default range. */
  view: URLSearchParams | null;
  /** Opens a related event; without it, related events are links to their pages. */
  onOpen?: (id: string) => void;
}) {
  const range = new URLSearchParams();
  for (const key of ["from", "to"]) {
    const value = view?.get(key);
    if (value) range.set(key, value);
  }
  const related = useQuery({
    queryKey: ["related", event.id, range.toString()],
    queryFn: ({ signal }) => fetchRelated(event.id, range, signal),
  });
  if (related.isPending) return <p className="muted">Looking for related events…</p>;
  if (related.error) {
    return <p className="muted">Related events are unavailable: {related.error.message}</p>;
  }
  const { groups, windowMinutes } = related.data;
  const shown = groups.filter((g) => g.rangeTotal > 0 || g.total > 0);
  return (
    <section className={styles.related} data-testid="related-events">
      <h3>Related events</h3>
      {shown.length === 0 && (
        <p className="muted">Nothing else with the same principal, key or request in the range.</p>
      )}
      {shown.map((group) => (
        <div key={group.kind} data-testid={`related-${group.kind}`}>
          <h4>{KIND_LABEL[group.kind]}</h4>
          <p className={styles.counts}>
            <Link
              href={tableHref(event, group, around(event, windowMinutes))}
              data-testid="related-in-table"
            >
              {formatCount(group.total)} within {windowMinutes} min
            </Link>
            {" · "}
            <Link
              href={tableHref(event, group, related.data.range)}
              data-testid="related-whole-range"
            >
              {formatCount(group.rangeTotal)} in the whole range
            </Link>
          </p>
          <RelatedList event={event} events={group.events} onOpen={onOpen} />
        </div>
      ))}
    </section>
  );
}

/** The nearest related events, oldest first, with the event itself where it falls. */
function RelatedList({
  event,
  events,
  onOpen,
}: {
  event: EventRow;
  events: RelatedEvent[];
  onOpen?: (id: string) => void;
}) {
  if (events.length === 0) return null;
  const before = events.filter(
    (e) => e.time < event.time || (e.time === event.time && e.id < event.id),
  );
  const after = events.slice(before.length);
  const item = (e: RelatedEvent) => (
    <li key={e.id}>
      {onOpen ? (
        <button
          type="button"
          className={styles.link}
          onClick={() => onOpen(e.id)}
          data-testid="related-event"
        >
          <EventTime iso={e.time} /> {e.eventName || e.eventSource}
        </button>
      ) : (
        <Link href={`/events/${encodeURIComponent(e.id)}`} data-testid="related-event">
          <EventTime iso={e.time} /> {e.eventName || e.eventSource}
        </Link>
      )}
      {e.errorCode && <span className={styles.errorCode}> {e.errorCode}</span>}
    </li>
  );
  return (
    <ul>
      {before.map(item)}
      <li className={styles.self} data-testid="related-self">
        <EventTime iso={event.time} /> {event.eventName || event.eventSource} (this event)
      </li>
      {after.map(item)}
    </ul>
  );
}
