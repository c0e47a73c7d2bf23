"use client";

import { useQuery } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { type KeyboardEvent, useEffect, useRef } from "react";
import type { EventListRow } from "@/lib/cloudtrail/event-schema";
import styles from "./event-detail.module.css";
import { EventFacts } from "./event-facts";
import { fetchEvent } from "./fetch-events";
import { PermalinkBar } from "./permalink-bar";
import { RecordJson } from "./record-json";
import { RelatedEvents } from "./related-events";
import { useDialogFocus } from "./use-dialog-focus";

/**
 * The drawer for one event: key facts, then the whole record as JSON text.
 * It takes focus when it opens and gives it back to the event's row when it
 * closes; up / down (on the drawer itself) move to the previous or next event.
 */
export function EventDetail({
  id,
  row,
  onClose,
  onOpen,
  onStep,
}: {
  id: string;
  /** The row when it is on screen: it titles the drawer while the whole event is read by id. */
  row: EventListRow | null;
  onClose: () => void;
  /** Opens another event (a related one) in this drawer. */
  onOpen?: (id: string) => void;
  /** Shows the table's previous (-1) or next (1) event instead. */
  onStep?: (delta: 1 | -1) => void;
}) {
  const dialog = useRef<HTMLDivElement>(null);
  useDialogFocus(dialog, id);
  const fetched = useQuery({
    queryKey: ["event", id],
    queryFn: ({ signal }) => fetchEvent(id, signal),
  });
  const event = fetched.data ?? null;
  const title = event ?? row;
  const heading = title ? title.eventName || title.category : "Event";
  // The events page's view: what the detail's pivots narrow or leave.
  const view = new URLSearchParams(useSearchParams().toString());

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key === "Escape") onClose();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    // Only on the drawer itself: its buttons and the JSON tree keep their own keys.
    if (!onStep || event.target !== event.currentTarget) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      onStep(event.key === "ArrowDown" ? 1 : -1);
    }
  }

  return (
    <div
      ref={dialog}
      className={styles.drawer}
      role="dialog"
      aria-label={`Event detail: ${heading}`}
      tabIndex={-1}
      onKeyDown={onKeyDown}
      data-testid="event-detail"
    >
      <header>
        <h2>{heading}</h2>
        <span className={styles.actions}>
          {onStep && (
            <>
              <button
                type="button"
                onClick={() => onStep(-1)}
                aria-label="Previous event"
                aria-keyshortcuts="ArrowUp"
                data-testid="detail-previous"
              >
                ↑
              </button>
              <button
                type="button"
                onClick={() => onStep(1)}
                aria-label="Next event"
                aria-keyshortcuts="ArrowDown"
                data-testid="detail-next"
              >
                ↓
              </button>
            </>
          )}
          <button type="button" onClick={onClose} aria-label="Close event detail">
            ×
          </button>
        </span>
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
    </div>
  );
}
