"use client";

import { useQuery } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { useEffect } from "react";
import type { EventListRow } from "@/lib/cloudtrail/event-schema";
import styles from "./event-detail.module.css";
import { EventFacts } from "./event-facts";
import { fetchEvent } from "./fetch-events";
import { PermalinkBar } from "./permalink-bar";
import { RecordJson } from "./record-json";
import { RelatedEvents } from "./related-events";

/** The drawer for one event: key facts, then the whole record as JSON text. */
export function EventDetail({
  id,
  row,
  onClose,
  onOpen,
}: {
  id: string;
  /** The row when it is on screen: it titles the drawer while the whole event is read by id. */
  row: EventListRow | null;
  onClose: () => void;
  /** Opens another event (a related one) in this drawer. */
  onOpen?: (id: string) => void;
}) {
  const fetched = useQuery({
    queryKey: ["event", id],
    queryFn: ({ signal }) => fetchEvent(id, signal),
  });
  const event = fetched.data ?? null;
  const title = event ?? row;
  // The events page's view: what the detail's pivots narrow or leave.
  const view = new URLSearchParams(useSearchParams().toString());

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key === "Escape") onClose();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);

  return (
    <aside
      className={styles.drawer}
      role="dialog"
      aria-label="Event detail"
      data-testid="event-detail"
    >
      <header>
        <h2>{title ? title.eventName || title.category : "Event"}</h2>
        <button type="button" onClick={onClose} aria-label="Close event detail">
          ×
        </button>
      </header>
      {fetched.isPending && <p className="muted">Loading event…</p>}
      {fetched.error && (
        <p role="alert" className={styles.error}>
          The event cannot be read: {fetched.error.message}
        </p>
      )}
      {event && <PermalinkBar event={event} />}
      {event && <EventFacts event={event} view={view} />}
      {event && <RelatedEvents event={event} view={view} onOpen={onOpen} />}
      {event && <RecordJson record={event.raw} />}
    </aside>
  );
}
