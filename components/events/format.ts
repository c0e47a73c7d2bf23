/** Display helpers: plain text only (React escapes it; nothing here builds HTML). */

/** `2026-11-04T02:13:55.000Z` -> `2026-11-04 02:13:55` (UTC). */
export function formatUtc(iso: string): string {
  return iso.replace("T", " ").replace(/\.\d+Z$|Z$/, "");
}

/** How times are shown and typed: UTC (CloudTrail's own) or the browser's time zone. */
export type TimeZoneMode = "utc" | "local";

const pad = (n: number) => String(n).padStart(2, "0");

/** `YYYY-MM-DDTHH:mm:ss` of an instant in the browser's time zone. */
function localDateTime(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** An instant for the table and the detail, in the chosen zone. */
export function formatTime(iso: string, zone: TimeZoneMode): string {
  return zone === "utc" ? formatUtc(iso) : localDateTime(iso).replace("T", " ");
}

/** A chart bucket's start, short: `11-04 02:15`, or the day for buckets of a day or more. */
export function bucketLabel(iso: string, bucketSeconds: number, zone: TimeZoneMode): string {
  const text = formatTime(iso, zone);
  return bucketSeconds >= 86_400 ? text.slice(0, 10) : text.slice(5, 16);
}

export function zoneLabel(zone: TimeZoneMode): string {
  return zone === "utc" ? "UTC" : "local time";
}

/** ISO -> the value of an `<input type="datetime-local">` in the chosen zone. */
export function isoToInputValue(iso: string, zone: TimeZoneMode = "utc"): string {
  return zone === "utc" ? iso.slice(0, 19) : localDateTime(iso);
}

/** `<input type="datetime-local">` value, read in the chosen zone -> ISO. */
export function inputValueToIso(value: string, zone: TimeZoneMode = "utc"): string | null {
  if (!value) return null;
  const full = value.length === 16 ? `${value}:00` : value;
  // Without a zone designator, Date.parse reads a date-time as local time.
  const ms = Date.parse(zone === "utc" ? `${full}Z` : full);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

export function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

const RELATIVE_UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 86_400_000],
  ["month", 30 * 86_400_000],
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
  ["second", 1000],
];
const relativeFormat = new Intl.RelativeTimeFormat("en", { numeric: "auto", style: "short" });

/** `3 min. ago`, `in 2 hr.`, `yesterday`: the largest whole unit of the distance from `now`. */
export function formatRelative(iso: string, now: number): string {
  const delta = Date.parse(iso) - now;
  for (const [unit, ms] of RELATIVE_UNITS) {
    if (Math.abs(delta) >= ms || unit === "second") {
      return relativeFormat.format(Math.trunc(delta / ms), unit);
    }
  }
  return relativeFormat.format(0, "second");
}

/** A cost in US dollars: cents, or "under $0.01". */
export function formatDollars(dollars: number): string {
  if (dollars > 0 && dollars < 0.01) return "under $0.01";
  return `$${dollars.toFixed(2)}`;
}
