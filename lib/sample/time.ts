export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

/** `YYYY-MM-DDTHH:mm:ssZ`, the eventTime format of CloudTrail. */
export function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** `YYYY-MM-DD` (UTC). */
export function isoDay(ms: number): string {
  return iso(ms).slice(0, 10);
}

/** `YYYY/MM/DD`, the folder part of a trail key. */
export function datePath(ms: number): string {
  return isoDay(ms).replace(/-/g, "/");
}

/** `YYYYMMDDTHHmmZ`, the timestamp in a log file name. */
export function fileStamp(ms: number): string {
  const d = new Date(ms);
  return (
    `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}Z`
  );
}

/** `YYYYMMDDTHHmmssZ`, the timestamp in a digest file name. */
export function digestStamp(ms: number): string {
  return fileStamp(ms).replace(/Z$/, `${pad(new Date(ms).getUTCSeconds())}Z`);
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** `Nov 4, 2026, 3:09:12 AM`: how STS writes credential expirations. */
export function stsDate(ms: number): string {
  const d = new Date(ms);
  const hour = d.getUTCHours() % 12 === 0 ? 12 : d.getUTCHours() % 12;
  const ampm = d.getUTCHours() < 12 ? "AM" : "PM";
  return (
    `${MONTHS[d.getUTCMonth()] ?? "Jan"} ${d.getUTCDate()}, ${d.getUTCFullYear()}, ` +
    `${hour}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${ampm}`
  );
}
