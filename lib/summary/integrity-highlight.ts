import type { IntegrityReport } from "../integrity/integrity-schema";
import type { Highlight } from "../query/summary-response";
import { RISK } from "./risk";

/**
 * When the range's logs fail their digests (a file modified or missing, a
 * digest invalid, a chain broken), that comes first in Who did what: every
 * other line of the summary rests on those logs.
 */
export function integrityHighlight(report: IntegrityReport): Highlight | null {
  if (!report.enabled) return null;
  const breaks = report.chains.reduce((n, c) => n + c.breaks, 0);
  const parts = [
    report.files.modified > 0
      ? count(
          report.files.modified,
          "log file modified after delivery",
          "log files modified after delivery",
        )
      : null,
    report.files.missing > 0
      ? count(report.files.missing, "log file missing", "log files missing")
      : null,
    report.digests.invalid > 0
      ? count(report.digests.invalid, "digest invalid", "digests invalid")
      : null,
    breaks > 0 ? count(breaks, "break in the digest chain", "breaks in the digest chain") : null,
  ].filter((p): p is string => p !== null);
  if (parts.length === 0) return null;
  return {
    kind: "integrity",
    severity: "high",
    risk: RISK.integrity,
    actor: null,
    text: `Log integrity: ${parts.join(", ")}. The events of this range may not be all that happened, or not as it happened: see the integrity line of the events table.`,
    filter: report.files.modified > 0 ? { integrity: ["modified"] } : {},
  };
}

/** The highlights with the integrity one (when the logs fail their digests) first, still at most `max`. */
export function leadWithIntegrity(
  highlights: readonly Highlight[],
  report: IntegrityReport | null,
  max: number,
): Highlight[] {
  const failed = report ? integrityHighlight(report) : null;
  return (failed ? [failed, ...highlights] : [...highlights]).slice(0, max);
}

function count(n: number, one: string, many: string): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
}
