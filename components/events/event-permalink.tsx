"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { ErrorPanel } from "../app/error-panel";
import styles from "./event-permalink.module.css";
import { EventFacts } from "./event-facts";
import { ApiError, fetchEvent } from "./fetch-events";
import { PermalinkBar } from "./permalink-bar";
import { RecordJson } from "./record-json";
import { RelatedEvents } from "./related-events";

const AROUND_MS = 15 * 60_000;

/** A permalink's page: the event, or where it was looked for. */
export function EventPermalink({ id }: { id: string }) {
  const search = useSearchParams();
  const hints = new URLSearchParams(search.toString());
  const time = hints.get("time");
  const found = useQuery({
    queryKey: ["event", id, hints.toString()],
    queryFn: ({ signal }) => fetchEvent(id, signal, hints),
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
  });

  // Back to the table around the event, with it open.
  const around = new URLSearchParams();
  const t = time ? Date.parse(time) : NaN;
  if (!Number.isNaN(t)) {
    around.set("from", new Date(t - AROUND_MS).toISOString());
    around.set("to", new Date(t + AROUND_MS).toISOString());
  }
  around.set("event", id);

  return (
    <div className={styles.page} data-testid="event-page">
      <p>
        <Link href={`/?${around.toString()}`}>← Events around this one</Link>
      </p>
      {/* The page's one h1: the event's name once it is read. */}
      {!found.data && <h1 className="visually-hidden">Event {id}</h1>}
      {found.isPending && (
        <p className="muted" data-testid="event-searching">
          Looking for event {id}… (a server that has not loaded it yet reads the trail files and
          Event history it points to)
        </p>
      )}
      {found.error &&
        (found.error instanceof ApiError && found.error.status === 404 ? (
          <ErrorPanel title="Event not found" testId="event-not-found">
            <p>
              No event with ID <code>{id}</code>. Looked in:
            </p>
            <ul>
              {found.error.details.map((d) => (
                <li key={d}>{d}</li>
              ))}
            </ul>
          </ErrorPanel>
        ) : (
          <ErrorPanel title="This event cannot be shown" testId="event-not-found">
            <p>{found.error.message}</p>
          </ErrorPanel>
        ))}
      {found.data && (
        <article className={styles.event} data-testid="event-detail">
          <h1>{found.data.eventName || found.data.category}</h1>
          <PermalinkBar event={found.data} />
          <EventFacts event={found.data} view={null} />
          <RelatedEvents event={found.data} view={null} />
          <RecordJson record={found.data.raw} />
        </article>
      )}
    </div>
  );
}
