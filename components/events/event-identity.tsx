"use client";

import Link from "next/link";
import type { EventRow } from "@/lib/cloudtrail/event-schema";
import { fieldLabel, type ListField } from "@/lib/cloudtrail/fields";
import { isCrossAccount } from "@/lib/cloudtrail/identity";
import { ipValue } from "./cell-values";
import styles from "./event-identity.module.css";
import { pivotHrefs } from "./pivot-links";

/** Longest value a filter takes (lib/query/view-params.ts): a longer one shows without pivots. */
const MAX_FILTER_CHARS = 2000;

/** Who called, each fact a field the table filters by. */
const IDENTITY: {
  field: ListField;
  value: (e: EventRow) => string | null;
  /** How it reads, when not as its value. */
  shown?: (value: string, e: EventRow) => string;
  /** The value the filter takes, when not every value can be one. */
  filterable?: (value: string) => boolean;
}[] = [
  { field: "principal", value: (e) => e.principal },
  { field: "principalArn", value: (e) => e.principalArn },
  { field: "accessKeyId", value: (e) => e.accessKeyId },
  { field: "sessionIssuer", value: (e) => e.sessionIssuer },
  {
    field: "mfa",
    value: (e) => e.mfa,
    shown: (v) => (v === "true" ? "yes: the session signed in with MFA" : "no"),
  },
  // A service's name in place of an address is shown, not filtered (the filter takes addresses).
  { field: "sourceIp", value: (e) => e.sourceIp, filterable: (v) => ipValue(v) !== null },
  { field: "userAgent", value: (e) => e.userAgent },
  {
    field: "callerAccount",
    value: (e) => e.callerAccount,
    shown: (v, e) => (isCrossAccount(e) ? `${v} (another account: a cross-account call)` : v),
  },
];

/**
 * The caller's identity, every fact with its pivots: only this value in the
 * view, the view without it, every event with it over the view's range. On
 * a permalink's page (no view) only the last.
 */
export function EventIdentity({
  event,
  view,
}: {
  event: EventRow;
  /** The events page's URL parameters; null on a permalink's page. */
  view: URLSearchParams | null;
}) {
  const facts = IDENTITY.flatMap((fact) => {
    const value = fact.value(event);
    return value ? [{ ...fact, value }] : [];
  });
  return (
    <section className={styles.identity} aria-label="Identity" data-testid="event-identity">
      <h3>Identity</h3>
      <dl>
        {facts.map(({ field, value, shown, filterable }) => {
          const label = fieldLabel(field);
          const pivots =
            value.length <= MAX_FILTER_CHARS && (filterable?.(value) ?? true)
              ? pivotHrefs(view ?? new URLSearchParams(), field, value)
              : null;
          return (
            <div key={field} data-testid={`identity-${field}`}>
              <dt>{label}</dt>
              <dd data-testid={`fact-${label.toLowerCase().replace(/\W+/g, "-")}`}>
                {shown ? shown(value, event) : value}
              </dd>
              {pivots && (
                <dd className={styles.pivots}>
                  {view && (
                    <>
                      <Link
                        href={pivots.only}
                        title={`Only events with this ${label.toLowerCase()}, in this view`}
                        data-testid="pivot-only"
                      >
                        only this
                      </Link>
                      <Link
                        href={pivots.exclude}
                        title={`This view without events with this ${label.toLowerCase()}`}
                        data-testid="pivot-exclude"
                      >
                        exclude
                      </Link>
                    </>
                  )}
                  <Link
                    href={pivots.range}
                    title={`Every event with this ${label.toLowerCase()} in the time range, other filters dropped`}
                    data-testid="pivot-range"
                  >
                    all events in the range
                  </Link>
                </dd>
              )}
            </div>
          );
        })}
      </dl>
    </section>
  );
}
