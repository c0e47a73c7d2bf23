"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { EventListRow, EventRow } from "@/lib/cloudtrail/event-schema";
import { describeInsight } from "@/lib/cloudtrail/insight-summary";
import { fetchEvent } from "./fetch-events";
import { formatTime, formatUtc } from "./format";
import { JsonTree } from "./json-tree";
import { RelatedEvents } from "./related-events";
import { useTimeZone } from "./time-zone";
import { ORIGIN_LABEL } from "./origin-label";
import { permalinkPath } from "@/lib/query/permalink";

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

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key === "Escape") onClose();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);

  return (
    <aside
      className="detail-drawer"
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
        <p role="alert" className="error-text">
          The event cannot be read: {fetched.error.message}
        </p>
      )}
      {event && <PermalinkBar event={event} />}
      {event && <EventFacts event={event} />}
      {event && <RelatedEvents event={event} onOpen={onOpen} />}
      {event && <RecordJson record={event.raw} />}
    </aside>
  );
}

export function EventFacts({ event }: { event: EventRow }) {
  const zone = useTimeZone();
  const facts: [string, string | null][] = [
    [
      "When",
      zone === "utc"
        ? `${formatUtc(event.time)} UTC`
        : `${formatTime(event.time, "local")} local time (${formatUtc(event.time)} UTC)`,
    ],
    ["Who", `${event.principal}${event.principalType ? ` (${event.principalType})` : ""}`],
    ["What", `${event.eventName || "—"} on ${event.eventSource || "—"} · ${event.category}`],
    ["Where", [event.account, event.region].filter(Boolean).join(" · ") || null],
    [
      "Caller's account",
      event.callerAccount && event.callerAccount !== event.account
        ? `${event.callerAccount} (another account: a cross-account call)`
        : event.callerAccount,
    ],
    ["From", [event.sourceIp, event.userAgent].filter(Boolean).join(" · ") || null],
    [
      "Result",
      event.errorCode || event.signInFailed
        ? `${event.errorCode ?? "sign-in failed"}${event.errorMessage ? `: ${event.errorMessage}` : ""}`
        : "Success",
    ],
    ["Resources", event.resources.map((r) => r.label).join(", ") || null],
    ["Event ID", event.id],
    ["Read from", event.origins.map((o) => `${ORIGIN_LABEL[o.kind]}: ${o.key}`).join("\n")],
  ];
  const insight = event.category === "Insight" ? describeInsight(event.raw) : null;
  return (
    <>
      {insight && (
        <section className="insight-summary" data-testid="insight-summary">
          <p>{insight.headline}</p>
          {insight.attributions.map((a) => (
            <p key={a.attribute} className="muted">
              {a.attribute}: {a.contributors.join("; ")}
            </p>
          ))}
        </section>
      )}
      <dl className="facts">
        {facts
          .filter(([, value]) => value)
          .map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd data-testid={`fact-${label.toLowerCase().replace(/\s+/g, "-")}`}>{value}</dd>
            </div>
          ))}
      </dl>
    </>
  );
}

export function RecordJson({ record }: { record: Record<string, unknown> }) {
  const text = JSON.stringify(record, null, 2);
  const [copied, setCopied] = useState(false);
  const [asText, setAsText] = useState(false);
  return (
    <section className="record-json">
      <div className="record-json-bar">
        <h3>Record</h3>
        <span className="record-json-actions">
          <button
            type="button"
            aria-pressed={asText}
            onClick={() => setAsText((v) => !v)}
            data-testid="record-as-text"
          >
            {asText ? "Show as tree" : "Show as text"}
          </button>
          <button
            type="button"
            onClick={() => {
              void navigator.clipboard.writeText(text).then(() => setCopied(true));
            }}
          >
            {copied ? "Copied" : "Copy JSON"}
          </button>
        </span>
      </div>
      {asText ? <pre data-testid="record-json">{text}</pre> : <JsonTree value={record} />}
    </section>
  );
}

/** The event's permalink: a link to copy or open, with the hints that find it again. */
export function PermalinkBar({ event }: { event: EventRow }) {
  const path = permalinkPath(event);
  const [copied, setCopied] = useState(false);
  return (
    <p className="permalink-bar">
      <a href={path} data-testid="permalink">
        Permalink
      </a>
      <button
        type="button"
        data-testid="copy-permalink"
        onClick={() => {
          void navigator.clipboard
            .writeText(new URL(path, window.location.origin).toString())
            .then(() => setCopied(true));
        }}
      >
        {copied ? "Link copied" : "Copy link"}
      </button>
    </p>
  );
}
