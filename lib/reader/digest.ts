/**
 * CloudTrail digest files (hourly integrity manifests) are not event files: they are
 * recognized by their key or by their content and never read as events.
 */

/** True for keys in a `CloudTrail-Digest/` folder or named `..._CloudTrail-Digest_...`. */
export function isDigestKey(key: string): boolean {
  const normalized = key.replaceAll("\\", "/");
  if (/(^|\/)CloudTrail-Digest\//.test(normalized)) return true;
  const base = normalized.slice(normalized.lastIndexOf("/") + 1);
  return base.includes("_CloudTrail-Digest_");
}

/** True for a parsed digest file: an object with digestStartTime, digestEndTime and logFiles. */
export function isDigestObject(value: Record<string, unknown>): boolean {
  return "digestStartTime" in value && "digestEndTime" in value && Array.isArray(value.logFiles);
}
