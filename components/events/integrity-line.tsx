"use client";

import type { SetValues } from "nuqs";
import type { IntegrityReport, IntegrityStatus } from "@/lib/integrity/integrity-schema";
import { cx } from "../app/class-names";
import type { FilterState } from "./filter-values";
import { formatCount } from "./format";
import { INTEGRITY_LABEL } from "./integrity-label";
import styles from "./integrity-line.module.css";
import {
  type IntegrityPart,
  integrityLead,
  integrityLine,
  type IntegrityTone,
} from "./integrity-line-text";
import type { eventsSearchParams } from "./search-params";
import { useTimeZone } from "./time-zone";
import { useIntegrityReport } from "./use-integrity-report";
import { viewFilterParams } from "./view-filter-params";

/**
 * Whether the view's log files are whole, by the trail's digests: counts that
 * filter the table to their files' events, the chains, and what failed. A
 * failure to ask says so and offers to ask again; the table goes on regardless.
 */
export function IntegrityLine({
  state,
  setState,
}: {
  state: FilterState;
  setState: SetValues<typeof eventsSearchParams>;
}) {
  const zone = useTimeZone();
  const report = useIntegrityReport(viewFilterParams(state).toString());

  if (report.error) {
    return (
      <div className={cx(styles.line, styles.unknown)} data-testid="integrity-line">
        <span role="status">Integrity: could not be checked ({report.error.message})</span>
        <button
          type="button"
          className={styles.retry}
          onClick={() => void report.refetch()}
          disabled={report.isFetching}
          data-testid="integrity-retry"
        >
          Retry
        </button>
      </div>
    );
  }
  // Nothing until the first answer: with validation off, the line never shows.
  if (!report.data) return null;

  // The previous view's counts would be read as this one's.
  const line = report.isPlaceholderData
    ? integrityLine({ ...report.data, complete: false, ...NOTHING_KNOWN }, zone)
    : integrityLine(report.data, zone);
  if (!line.shown) return null;

  const only = state.integrity.length === 1 ? state.integrity[0] : null;
  const applyOnly = (status: IntegrityStatus) =>
    void setState({ integrity: only === status ? [] : [status], event: null });
  const parts = line.parts.map((part, i) => (
    <span key={part.key}>
      {i > 0 && ", "}
      <Part
        part={part}
        pressed={part.filter !== null && only === part.filter}
        onApply={applyOnly}
      />
    </span>
  ));

  return (
    <div
      className={cx(styles.line, TONE_CLASS[line.tone])}
      data-testid="integrity-line"
      data-tone={line.tone}
      data-complete={!line.checking}
    >
      <span role="status" aria-busy={line.checking}>
        <span className={styles.lead}>{integrityLead(line)}</span>{" "}
        {line.noDigests && parts.length > 0 ? <>({parts})</> : parts}
      </span>
      {!report.isPlaceholderData && <Findings report={report.data} />}
    </div>
  );
}

const TONE_CLASS: Record<IntegrityTone, string | undefined> = {
  failure: styles.toneFailure,
  verified: styles.toneVerified,
  partial: styles.tonePartial,
};

/** What a report says before anything is read. */
const NOTHING_KNOWN: Pick<IntegrityReport, "files" | "digests" | "chains"> = {
  files: { verified: 0, modified: 0, unverified: 0, uncovered: 0, missing: 0 },
  digests: { read: 0, valid: 0, invalid: 0, unverified: 0 },
  chains: [],
};

/** A count of files of one status filters the view on it (again: any status); others are text. */
function Part({
  part,
  pressed,
  onApply,
}: {
  part: IntegrityPart;
  pressed: boolean;
  onApply: (status: IntegrityStatus) => void;
}) {
  const className = part.failure ? styles.failed : undefined;
  const testId = part.key === "chains" ? "integrity-chains" : `integrity-count-${part.key}`;
  const status = part.filter;
  if (status === null) {
    return (
      <span className={className} data-testid={testId}>
        {part.text}
      </span>
    );
  }
  return (
    <button
      type="button"
      className={cx(styles.count, className)}
      aria-pressed={pressed}
      title={
        pressed
          ? "Show events whatever their files' integrity"
          : `Show only events read from files that are ${INTEGRITY_LABEL[status].toLowerCase()}`
      }
      onClick={() => onApply(status)}
      data-testid={testId}
    >
      {part.text}
    </button>
  );
}

/** What failed, as the server found it: text only, as log files and digests name it. */
function Findings({ report }: { report: IntegrityReport }) {
  if (report.findingsTotal === 0) return null;
  const { findings, findingsTotal } = report;
  return (
    <details className={styles.findings} data-testid="integrity-findings">
      <summary>
        Details ({formatCount(findingsTotal)} finding{findingsTotal === 1 ? "" : "s"})
      </summary>
      <ul>
        {findings.map((f, i) => (
          <li
            key={`${f.kind}|${f.source}|${f.file}|${f.at ?? ""}|${i}`}
            className={f.severity === "error" ? styles.error : undefined}
            data-testid="integrity-finding"
            data-kind={f.kind}
          >
            {f.message} <code>{f.file}</code>
            {f.digest && (
              <>
                {" "}
                (digest <code>{f.digest}</code>)
              </>
            )}{" "}
            <span className="muted">({f.kind})</span>
          </li>
        ))}
      </ul>
      {findingsTotal > findings.length && (
        <p className="muted">…and {formatCount(findingsTotal - findings.length)} more.</p>
      )}
    </details>
  );
}
