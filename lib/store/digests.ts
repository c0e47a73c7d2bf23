import type { ReadDigest } from "../integrity/read-digest";
import type { Store } from "./database";
import { insertRows } from "./sql-helpers";
import { sql } from "./sql";

/**
 * The digests read (lib/integrity/read-digest.ts) as the store keeps them:
 * one row per digest in `digests`, its listed log files in `digest_logs`. A
 * digest read again (a new version, or a signature that could not be checked
 * before) replaces its rows.
 */

/**
 * Digests not judged for good are read again after this: an unverified one's key may be
 * reachable now, an unreadable one's GET may have failed for a moment.
 */
const RECHECK_MS = 10 * 60_000;

/** The digests of `source` that need no reading: same version, judged for good (or lately). */
export async function settledDigestVersions(
  store: Store,
  source: string,
): Promise<Map<string, string>> {
  const rows = await store.query<{ key: string; version: string }>(
    sql`SELECT key, version FROM digests WHERE source = ${source}
      AND (status NOT IN ('unverified', 'unreadable')
        OR read_at > now()::TIMESTAMP - to_milliseconds(${RECHECK_MS}))`,
    "loads",
  );
  return new Map(rows.map((r) => [r.key, r.version]));
}

export async function storeDigests(store: Store, digests: ReadDigest[]): Promise<void> {
  if (digests.length === 0) return;
  const now = new Date().toISOString();
  await store.transaction(async (connection) => {
    const keys = digests.map((d) => sql`(${d.source}, ${d.key})`);
    const replaced = sql`(source, key) IN (${sql.join(keys, ", ")})`;
    const deleteDigests = sql`DELETE FROM digests WHERE ${replaced}`;
    await connection.run(deleteDigests.text, deleteDigests.params);
    const deleteLogs = sql`DELETE FROM digest_logs WHERE (source, digest_key) IN (${sql.join(keys, ", ")})`;
    await connection.run(deleteLogs.text, deleteLogs.params);
    await insertRows(
      connection,
      "digests",
      digests.map((d) => [
        d.source,
        d.key,
        d.version,
        d.account,
        d.region,
        d.trail,
        d.startTime,
        d.endTime,
        d.sha256,
        d.signature,
        d.s3Path,
        d.previousS3Path,
        d.previousSha256,
        d.previousSignature,
        d.status,
        d.reason,
        now,
      ]),
    );
    await insertRows(
      connection,
      "digest_logs",
      digests.flatMap((d) => d.logs.map((l) => [d.source, d.key, l.s3Object, l.name, l.sha256])),
    );
  });
}
