import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { gunzipSync } from "node:zlib";

/**
 * Every record of a trail folder's gzip log files (digests left out), read
 * directly from the files: the tests' independent account of what a trail holds.
 */
export async function trailRecords(dir: string): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    const file = path.join(entry.parentPath, entry.name);
    if (!entry.isFile() || !file.endsWith(".json.gz") || file.includes("CloudTrail-Digest")) {
      continue;
    }
    const { Records } = JSON.parse(gunzipSync(await readFile(file)).toString("utf8")) as {
      Records: Record<string, unknown>[];
    };
    out.push(...Records);
  }
  return out;
}

/**
 * Each distinct event once, as the store tells them apart: by eventID, or by
 * content for a record without one (a duplicate delivery is one event).
 */
export function distinctRecords(records: Record<string, unknown>[]): Record<string, unknown>[] {
  const distinct = new Map<string, Record<string, unknown>>();
  for (const r of records) {
    distinct.set(typeof r.eventID === "string" ? r.eventID : JSON.stringify(r), r);
  }
  return [...distinct.values()];
}

/** The sample trail's records of one account and Region, as LookupEvents would know them. */
export async function sampleRecordsOf(
  dir: string,
  account: string,
  region: string,
): Promise<Record<string, unknown>[]> {
  return (await trailRecords(dir)).filter(
    (r) => r.recipientAccountId === account && r.awsRegion === region,
  );
}
