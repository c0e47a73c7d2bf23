import type { TimeRange } from "../query/event-query";

/**
 * Trail folders and file names carry the DELIVERY time, not the event time:
 * a file holds events from before its delivery, usually minutes before but
 * possibly more. So a range [from, to] needs the day folders from `from`'s day
 * to the day after `to`, and files delivered before `from` can be skipped.
 */

const DAY_MS = 86_400_000;
/** Slack for clock skew between an event and the file name's minute timestamp. */
export const DELIVERY_SLACK_MS = 15 * 60_000;

function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD` of every delivery day that can hold events of the range. */
export function deliveryDays(range: TimeRange): string[] {
  const first = Date.parse(`${utcDay(Date.parse(range.from))}T00:00:00Z`);
  const last = Date.parse(`${utcDay(Date.parse(range.to))}T00:00:00Z`) + DAY_MS;
  const days: string[] = [];
  for (let t = first; t <= last; t += DAY_MS) days.push(utcDay(t));
  return days;
}

/** Delivery time from a CloudTrail file name (`..._20261104T0215Z_...`), or null. */
export function deliveryTimeOfKey(key: string): number | null {
  const match = /_(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})?Z[_.]/.exec(key);
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match;
  const ms = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s ?? "00"}Z`);
  return Number.isNaN(ms) ? null : ms;
}

/** False when the file name proves it was delivered before the range began. */
export function mayHoldRange(key: string, range: TimeRange): boolean {
  const delivered = deliveryTimeOfKey(key);
  if (delivered === null) return true;
  return delivered + DELIVERY_SLACK_MS >= Date.parse(range.from);
}

/** Decides, folder by folder, whether a YYYY / MM / DD path can hold delivery days. */
export class DayFolderFilter {
  private readonly days: Set<string>;
  private readonly months: Set<string>;
  private readonly years: Set<string>;

  constructor(range: TimeRange) {
    const days = deliveryDays(range);
    this.days = new Set(days);
    this.months = new Set(days.map((d) => d.slice(0, 7)));
    this.years = new Set(days.map((d) => d.slice(0, 4)));
  }

  allowsYear(year: string): boolean {
    return this.years.has(year);
  }
  allowsMonth(year: string, month: string): boolean {
    return this.months.has(`${year}-${month}`);
  }
  allowsDay(year: string, month: string, day: string): boolean {
    return this.days.has(`${year}-${month}-${day}`);
  }
}
