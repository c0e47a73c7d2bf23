import { EVENT_CATEGORIES, type EventCategory } from "../cloudtrail/event-schema";
import type { SummaryTimeline } from "../query/summary-response";
import type { TimelineCount } from "../store/timeline-counts";

/**
 * Chart buckets for a range: a step people read easily (1 min, 5 min, 15 min,
 * 1 h, 3 h, 6 h, 1 day, …), the smallest that gives at most 100 buckets, so a
 * day shows 96 quarter hours and a week 56 three-hour buckets. Buckets are
 * aligned on UTC multiples of the step (whole hours, midnights).
 */

const STEPS_SECONDS = [
  10,
  30,
  60,
  5 * 60,
  15 * 60,
  30 * 60,
  3600,
  3 * 3600,
  6 * 3600,
  12 * 3600,
  86_400,
  7 * 86_400,
  30 * 86_400,
];
export const MAX_BUCKETS = 100;

/**
 * The range's last instant for bucketing: `to` itself is in the range, but an
 * event exactly on a boundary `to` joins the bucket before it rather than
 * opening one of its own.
 */
const lastMs = (fromMs: number, toMs: number) => Math.max(fromMs, toMs - 1);

/** Number of UTC-aligned buckets of `stepSeconds` from the one holding `fromMs` to the one holding `toMs`. */
function bucketCount(fromMs: number, toMs: number, stepSeconds: number): number {
  const step = stepSeconds * 1000;
  return Math.floor(lastMs(fromMs, toMs) / step) - Math.floor(fromMs / step) + 1;
}

export function bucketSecondsFor(from: string, to: string): number {
  const fromMs = Date.parse(from);
  const toMs = Date.parse(to);
  for (const step of STEPS_SECONDS) {
    if (bucketCount(fromMs, toMs, step) <= MAX_BUCKETS) return step;
  }
  // Longer than ~8 years: widen the largest step until it fits.
  const largest = STEPS_SECONDS[STEPS_SECONDS.length - 1]!;
  return largest * Math.ceil(bucketCount(fromMs, toMs, largest) / MAX_BUCKETS);
}

/** Start (epoch ms) of every bucket of the range, in order. */
export function bucketStarts(from: string, to: string, stepSeconds: number): number[] {
  const step = stepSeconds * 1000;
  const fromMs = Date.parse(from);
  const first = Math.floor(fromMs / step) * step;
  const last = Math.floor(lastMs(fromMs, Date.parse(to)) / step) * step;
  const out: number[] = [];
  for (let t = first; t <= last; t += step) out.push(t);
  return out;
}

/** The timeline of the summary: every bucket of the range, with the store's counts in it. */
export function summaryTimeline(
  counts: readonly TimelineCount[],
  from: string,
  to: string,
  bucketSeconds: number,
): SummaryTimeline {
  const stepMs = bucketSeconds * 1000;
  const starts = bucketStarts(from, to, bucketSeconds);
  const index = new Map(starts.map((t, i) => [t / stepMs, i]));
  const buckets = starts.map((t) => ({
    start: new Date(t).toISOString(),
    byCategory: Object.fromEntries(EVENT_CATEGORIES.map((c) => [c, 0])) as Record<
      EventCategory,
      number
    >,
    errors: 0,
    changes: 0,
  }));
  for (const count of counts) {
    const bucket = buckets[index.get(count.bucket) ?? -1];
    if (!bucket) throw new Error(`timeline bucket ${count.bucket} is outside the range's buckets`);
    bucket.byCategory[count.category] += count.events;
    bucket.errors += count.errors;
    bucket.changes += count.changes;
  }
  return { bucketSeconds, buckets };
}

/** The window new Regions and addresses are judged against: as long as the range, just before it. */
export function baselineRange(range: { from: string; to: string }): { from: string; to: string } {
  const width = Date.parse(range.to) - Date.parse(range.from);
  return { from: new Date(Date.parse(range.from) - width).toISOString(), to: range.from };
}

/** "the previous 24 hours", "the previous 7 days", "the previous 90 minutes". */
export function describeWindow(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes % (24 * 60) === 0 && minutes > 24 * 60)
    return `the previous ${minutes / (24 * 60)} days`;
  if (minutes % 60 === 0 && minutes >= 60) {
    const hours = minutes / 60;
    return hours === 1 ? "the previous hour" : `the previous ${hours} hours`;
  }
  return minutes === 1 ? "the previous minute" : `the previous ${minutes} minutes`;
}

/** A bucket's width in words: `15 min`, `3 h`, `1 day`, `30 s`. */
export function stepLabel(bucketSeconds: number): string {
  if (bucketSeconds >= 86_400) return `${bucketSeconds / 86_400} day`;
  if (bucketSeconds >= 3600) return `${bucketSeconds / 3600} h`;
  if (bucketSeconds >= 60) return `${bucketSeconds / 60} min`;
  return `${bucketSeconds} s`;
}

/**
 * The time span of the buckets from index `a` to index `b` (either order) of
 * a timeline whose buckets start at `starts` (ISO), kept inside `range`: what
 * a drag across them, or a click on one, selects. The table's range includes
 * its end, so it stops 1 ms before the next bucket.
 */
export function bucketSpan(
  starts: readonly string[],
  bucketSeconds: number,
  a: number,
  b: number,
  range: { from: string; to: string },
): { from: string; to: string } {
  const first = Math.max(0, Math.min(a, b));
  const last = Math.min(starts.length - 1, Math.max(a, b));
  const from = Math.max(Date.parse(starts[first]!), Date.parse(range.from));
  const to = Math.min(Date.parse(starts[last]!) + bucketSeconds * 1000 - 1, Date.parse(range.to));
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}
