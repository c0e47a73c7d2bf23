/** Display helpers: plain text only (React escapes it; nothing here builds HTML). */

/** `2026-11-04T02:13:55.000Z` -> `2026-11-04 02:13:55` (UTC). */
export function formatUtc(iso: string): string {
  return iso.replace("T", " ").replace(/\.\d+Z$|Z$/, "");
}

/** ISO -> the value of an `<input type="datetime-local">` read as UTC. */
export function isoToInputValue(iso: string): string {
  return iso.slice(0, 19);
}

/** `<input type="datetime-local">` value, read as UTC -> ISO. */
export function inputValueToIso(value: string): string | null {
  if (!value) return null;
  const ms = Date.parse(`${value.length === 16 ? `${value}:00` : value}Z`);
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
