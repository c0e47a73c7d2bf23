import type { Highlight } from "../query/summary-response";

/**
 * How much a highlight matters, from 0 to 100: highlights are ranked by it
 * (docs/highlights.md says it in words). A highlight starts from its kind's
 * base and moves with what makes it more or less likely to be an attack: a
 * change from an address new to the data, an actor's first change of its
 * kind, a grant of administrator access, or an attempt that failed.
 */

export const RISK = {
  /** The logs themselves fail their digests: every other line rests on them. */
  integrity: 100,
  root: 80,
  /** Root changed something, not only read. */
  rootChanged: 5,
  /** Logging or detection switched off or deleted (StopLogging, DeleteTrail, DeleteDetector…). */
  loggingOff: 80,
  /** Logging reconfigured (PutEventSelectors, UpdateTrail, PutBucketLogging…). */
  loggingChanged: 55,
  /** A resource policy granting an account outside the trail's accounts. */
  foreignGrant: 70,
  /** … or anyone (`"Principal": "*"` without a condition). */
  publicGrant: 80,
  /** A burst of data reads from an address new to the data. */
  readBurst: 75,
  /** IAM changes that give access (users, keys, passwords, policies, trust). */
  iamAccess: 50,
  /** Other IAM changes (roles, tags, descriptions…). */
  iamOther: 40,
  /** Access given is administrator access (AdministratorAccess, or `*` on `*`): worse than a failed attempt on logging. */
  grantsAdministrator: 20,
  /** An Insights event on the error rate of an API, or on its call rate. */
  insightErrors: 50,
  insightCalls: 40,
  /** Added per tenfold above 10× the baseline, up to insightRatioMax. */
  insightRatioStep: 5,
  insightRatioMax: 20,
  /** The errors of an error-rate insight are access denials. */
  insightDenied: 10,
  denied: 45,
  /** Denials of root, or 10 and more. */
  deniedMany: 70,
  /** A Region or address an actor had not used in the baseline window. */
  newPlace: 20,
  /** … by the root user. */
  newPlaceRoot: 45,
  /** Modifiers: from an address new to the data; the actor's first change of its kind in the data. */
  fromNewAddress: 20,
  firstInData: 5,
  /** Every attempt failed. */
  allFailed: -15,
} as const;

/** The highest risk of anything but an integrity failure, which stays first. */
const MAX_OTHER = 99;

export function clampRisk(risk: number): number {
  return Math.max(0, Math.min(MAX_OTHER, Math.round(risk)));
}

/** The severity a risk is shown with: high from 70, medium from 40, else info. */
export function severityOf(risk: number): Highlight["severity"] {
  if (risk >= 70) return "high";
  if (risk >= 40) return "medium";
  return "info";
}

/** The Insights bonus for how far above its baseline the rate ran (10× adds nothing, 100,000× the most). */
export function insightRatioRisk(ratio: number | null): number {
  if (ratio === null || ratio <= 10) return 0;
  return Math.min(RISK.insightRatioMax, RISK.insightRatioStep * (Math.log10(ratio) - 1));
}

/** What raises or lowers the risk of a change, beyond its kind. */
export interface ChangeContext {
  /** Public addresses new to the data (newAddress below) that the changes came from. */
  newAddresses: readonly string[];
  /** The actor had made no change of this kind before, in at least a day of data. */
  firstInData: boolean;
  /** Every attempt failed. */
  allFailed: boolean;
}

export const NO_CONTEXT: ChangeContext = { newAddresses: [], firstInData: false, allFailed: false };

/** The risk of a change of base risk `base` in its context. */
export function changeRisk(base: number, context: ChangeContext): number {
  return clampRisk(
    base +
      (context.newAddresses.length > 0 ? RISK.fromNewAddress : 0) +
      (context.firstInData ? RISK.firstInData : 0) +
      (context.allFailed ? RISK.allFailed : 0),
  );
}

/** How long the data must run without an address before it counts as new: a day. */
export const NEW_ADDRESS_HISTORY_MS = 86_400_000;

/**
 * Whether an address first seen at `firstSeen` (its first event in the store)
 * is new to the data for a view of `range`: first seen inside the range, after
 * at least a day of data without it (the store's first event at `dataStart`).
 * Times are ISO instants.
 */
export function isNewAddress(
  firstSeen: string,
  dataStart: string,
  range: { from: string; to: string },
): boolean {
  const first = Date.parse(firstSeen);
  return (
    first >= Date.parse(range.from) &&
    first <= Date.parse(range.to) &&
    first - Date.parse(dataStart) >= NEW_ADDRESS_HISTORY_MS
  );
}

/**
 * Whether an actor's first change of a kind, at `firstChange` (its first in
 * the store), is its first in the data for a view of `range`: inside the
 * range, after at least a day of data.
 */
export function isFirstInData(
  firstChange: string,
  dataStart: string,
  range: { from: string; to: string },
): boolean {
  return isNewAddress(firstChange, dataStart, range);
}

/** Reads from one address in one step of READ_BURST_WINDOW_MS that make a burst. */
export const READ_BURST_READS = 20;
export const READ_BURST_WINDOW_MS = 15 * 60_000;
