import type { IntegrityReport, IntegrityStatus } from "@/lib/integrity/integrity-schema";
import { formatCount, formatTime, type TimeZoneMode, zoneLabel } from "./format";

/**
 * What the integrity line above the table says, built from `/api/integrity`'s
 * report: plain text parts the component renders (and tests read) one by one.
 */

/** One part of the line: a count, or the chains' standing. */
export interface IntegrityPart {
  /** A file status, `missing`, `invalid-digests` or `chains`: names its data-testid. */
  key: IntegrityStatus | "missing" | "invalid-digests" | "chains";
  text: string;
  /** Something failed (a modified or missing file, a bad signature, a broken chain). */
  failure: boolean;
  /** The status this part filters the view on, when it is a count of files with one. */
  filter: IntegrityStatus | null;
}

/**
 * - failure: something was tampered with or is gone;
 * - verified: every file proven by a signed digest, chains whole;
 * - partial: nothing failed, but not everything is proven (unverified, not covered, no digests).
 */
export type IntegrityTone = "failure" | "verified" | "partial";

export type IntegrityLine =
  | { shown: false }
  | {
      shown: true;
      /** The range is still loading: the counts are what is known so far. */
      checking: boolean;
      /** No digest was read for the range (so nothing could be proven). */
      noDigests: boolean;
      tone: IntegrityTone;
      parts: IntegrityPart[];
    };

function files(n: number): string {
  return `${formatCount(n)} file${n === 1 ? "" : "s"}`;
}

/** `2026-11-02 00:00` in the page's zone: digests cover whole hours, seconds say nothing. */
function minute(iso: string, zone: TimeZoneMode): string {
  return formatTime(iso, zone).slice(0, 16);
}

/** Every chain's span as one: from the earliest start to the latest end. */
function chainsPart(report: IntegrityReport, zone: TimeZoneMode): IntegrityPart | null {
  if (report.chains.length === 0) return null;
  const breaks = report.chains.reduce((n, c) => n + c.breaks, 0);
  if (breaks > 0) {
    return {
      key: "chains",
      text: `${formatCount(breaks)} chain break${breaks === 1 ? "" : "s"}`,
      failure: true,
      filter: null,
    };
  }
  // ISO instants in UTC sort as text.
  const from = report.chains.map((c) => c.from).sort()[0]!;
  const to = report.chains
    .map((c) => c.to)
    .sort()
    .at(-1)!;
  return {
    key: "chains",
    text: `chain unbroken ${minute(from, zone)} to ${minute(to, zone)} ${zoneLabel(zone)}`,
    failure: false,
    filter: null,
  };
}

/** The line for a report; hidden when digest validation is switched off. */
export function integrityLine(report: IntegrityReport, zone: TimeZoneMode = "utc"): IntegrityLine {
  if (!report.enabled) return { shown: false };
  const f = report.files;
  const checking = !report.complete;
  const knowsNothing =
    f.verified + f.modified + f.unverified + f.uncovered + f.missing + report.digests.read === 0;

  // Before anything is read, "0 verified, 0 modified" would read as a result: say only "checking".
  if (checking && knowsNothing) {
    return { shown: true, checking, noDigests: false, tone: "partial", parts: [] };
  }

  // Said only once the range is read: until then its digests may be on their way.
  if (!checking && report.digests.read === 0) {
    const parts: IntegrityPart[] =
      f.uncovered > 0
        ? [
            {
              key: "uncovered",
              text: `${files(f.uncovered)} not covered`,
              failure: false,
              filter: "uncovered",
            },
          ]
        : [];
    return { shown: true, checking, noDigests: true, tone: "partial", parts };
  }

  const parts: IntegrityPart[] = [
    {
      key: "verified",
      text: `${files(f.verified)} verified`,
      failure: false,
      filter: "verified",
    },
    {
      key: "modified",
      text: `${formatCount(f.modified)} modified`,
      failure: f.modified > 0,
      filter: "modified",
    },
  ];
  if (f.missing > 0) {
    parts.push({
      key: "missing",
      text: `${formatCount(f.missing)} missing`,
      failure: true,
      filter: null,
    });
  }
  if (f.unverified > 0) {
    parts.push({
      key: "unverified",
      text: `${formatCount(f.unverified)} unverified`,
      failure: false,
      filter: "unverified",
    });
  }
  if (f.uncovered > 0) {
    parts.push({
      key: "uncovered",
      text: `${formatCount(f.uncovered)} not covered`,
      failure: false,
      filter: "uncovered",
    });
  }
  const invalid = report.digests.invalid;
  if (invalid > 0) {
    parts.push({
      key: "invalid-digests",
      text: `${formatCount(invalid)} digest${invalid === 1 ? "" : "s"} with an invalid signature`,
      failure: true,
      filter: null,
    });
  }
  const chains = chainsPart(report, zone);
  if (chains) parts.push(chains);

  const failed = parts.some((p) => p.failure);
  const allProven = !checking && f.unverified === 0 && f.uncovered === 0 && f.verified > 0;
  const tone: IntegrityTone = failed ? "failure" : allProven ? "verified" : "partial";
  return { shown: true, checking, noDigests: false, tone, parts };
}

/** The words before the parts. */
export function integrityLead(line: Extract<IntegrityLine, { shown: true }>): string {
  const lead = line.checking ? "Integrity: checking…" : "Integrity:";
  return line.noDigests ? `${lead} no digest files for this range` : lead;
}

/** The whole line as text, as the component renders it. */
export function integrityLineText(line: IntegrityLine): string {
  if (!line.shown) return "";
  const parts = line.parts.map((p) => p.text).join(", ");
  if (!parts) return integrityLead(line);
  return line.noDigests ? `${integrityLead(line)} (${parts})` : `${integrityLead(line)} ${parts}`;
}
