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
