"use client";

import type { ReactNode } from "react";
import { consoleUrl } from "@/lib/cloudtrail/console-url";
import type { EventOrigin, EventResource, EventRow } from "@/lib/cloudtrail/event-schema";
import { describeInsight } from "@/lib/cloudtrail/insight-summary";
import { EventIdentity } from "./event-identity";
import styles from "./event-facts.module.css";
import { formatTime, formatUtc } from "./format";
import { OriginIntegrity } from "./origin-integrity";
import { ORIGIN_LABEL } from "./origin-label";
import { useTimeZone } from "./time-zone";

/**
 * An event's key facts (when, who, what, where...), after an Insights event's
 * summary, then the caller's identity with its pivots (`view`: the events
 * page's URL parameters; null on a permalink's page).
 */
export function EventFacts({ event, view }: { event: EventRow; view: URLSearchParams | null }) {
  const zone = useTimeZone();
  const facts: [string, ReactNode][] = [
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
      "Result",
      event.errorCode || event.signInFailed
        ? `${event.errorCode ?? "sign-in failed"}${event.errorMessage ? `: ${event.errorMessage}` : ""}`
        : "Success",
    ],
    [
      "Resources",
      event.resources.length > 0 ? <Resources key="resources" resources={event.resources} /> : null,
    ],
    ["Event ID", event.id],
    ["Read from", <Origins key="read-from" origins={event.origins} />],
  ];
  return (
    <>
      {event.category === "Insight" && <InsightSummary record={event.raw} />}
      <dl className={styles.facts}>
        {facts
          .filter(([, value]) => value)
          .map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd data-testid={`fact-${label.toLowerCase().replace(/\s+/g, "-")}`}>{value}</dd>
            </div>
          ))}
      </dl>
      <EventIdentity event={event} view={view} />
    </>
  );
}

/** Each resource by name, with its page in the AWS console when its ARN says which. */
function Resources({ resources }: { resources: EventResource[] }) {
  return (
    <ul className={styles.resources}>
      {resources.map((r, i) => {
        const href = consoleUrl(r.arn);
        return (
          <li key={`${r.arn ?? r.label}|${i}`} data-testid="resource">
            <span title={r.arn ?? undefined}>{r.label}</span>
            {href && (
              <>
                {" "}
                <a
                  href={href}
                  target="_blank"
                  rel="noopener noreferrer"
                  title={`Open in the AWS console: ${r.arn}`}
                  data-testid="resource-console"
                >
                  AWS console ↗
                </a>
              </>
            )}
          </li>
        );
      })}
    </ul>
  );
}

/** Each file (or Event history window) the event was read from, with its integrity. */
function Origins({ origins }: { origins: EventOrigin[] }) {
  return (
    <ul className={styles.origins}>
      {origins.map((o, i) => (
        <li key={`${o.source}|${o.key}|${i}`}>
          {ORIGIN_LABEL[o.kind]}: {o.key}
          <OriginIntegrity integrity={o.integrity} />
        </li>
      ))}
    </ul>
  );
}

/** What an Insights event says, in a sentence, and who or what contributed to it. */
function InsightSummary({ record }: { record: Record<string, unknown> }) {
  const insight = describeInsight(record);
  if (!insight) return null;
  return (
    <section className={styles.insight} data-testid="insight-summary">
      <p>{insight.headline}</p>
      {insight.attributions.map((a) => (
        <p key={a.attribute} className="muted">
          {a.attribute}: {a.contributors.join("; ")}
        </p>
      ))}
    </section>
  );
}
