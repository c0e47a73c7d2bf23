import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { gunzipSync } from "node:zlib";

/** The sample trail's records of one account and Region, as LookupEvents would know them. */
export async function sampleRecordsOf(
  dir: string,
  account: string,
  region: string,
): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    const file = path.join(entry.parentPath, entry.name);
    if (!entry.isFile() || !file.endsWith(".json.gz") || file.includes("CloudTrail-Digest")) {
      continue;
    }
    if (!file.includes(`${path.sep}${account}${path.sep}`)) continue;
    const { Records } = JSON.parse(gunzipSync(await readFile(file)).toString("utf8")) as {
      Records: Record<string, unknown>[];
    };
    for (const r of Records) {
      if (r.recipientAccountId === account && r.awsRegion === region) out.push(r);
    }
  }
  return out;
}
