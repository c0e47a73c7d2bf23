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

const KIND_LABEL: Record<Group["kind"], string> = {
  principal: "Same principal",
  accessKey: "Same access key",
  request: "Same request",
  sharedEvent: "Same sharedEventID",
};

/** The table's URL for a group: the window around the event, filtered to the shared value. */
function tableHref(event: EventRow, group: Group, windowMinutes: number): string {
  const t = Date.parse(event.time);
  const params = new URLSearchParams({
    from: new Date(t - windowMinutes * 60_000).toISOString(),
    to: new Date(t + windowMinutes * 60_000).toISOString(),
  });
  if (group.kind === "principal") params.set("principal", event.principal);
  else if (group.kind === "accessKey") params.set("accessKeyId", group.value);
  else params.set("q", group.value);
  return `/?${params.toString()}`;
}

/** What else happened around an event with the same principal, key, request or sharedEventID. */
export function RelatedEvents({
  event,
  onOpen,
}: {
  event: EventRow;
  /** Opens a related event; without it, related events are links to their pages. */
  onOpen?: (id: string) => void;
}) {
  const related = useQuery({
    queryKey: ["related", event.id],
    queryFn: ({ signal }) => fetchRelated(event.id, signal),
  });
  if (related.isPending) return <p className="muted">Looking for related events…</p>;
  if (related.error) {
    return <p className="muted">Related events are unavailable: {related.error.message}</p>;
  }
  const { groups, windowMinutes } = related.data;
  const shown = groups.filter((g) => g.total > 0);
  return (
    <section className={styles.related} data-testid="related-events">
      <h3>Related, within {windowMinutes} minutes</h3>
      {shown.length === 0 && (
        <p className="muted">Nothing else with the same principal, key or request.</p>
      )}
      {shown.map((group) => (
        <div key={group.kind} data-testid={`related-${group.kind}`}>
          <h4>
            {KIND_LABEL[group.kind]} <span className="muted">({formatCount(group.total)})</span>{" "}
            <Link href={tableHref(event, group, windowMinutes)} data-testid="related-in-table">
              show in the table
            </Link>
          </h4>
          <ul>
            {group.events.map((e) => (
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
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
