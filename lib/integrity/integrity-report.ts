import "server-only";
import type { TimeRange } from "../query/event-query";
import { deliveryDays, deliveryTimeOfKey, mayHoldRange } from "../sources/delivery-window";
import type { Store } from "../store/database";
import { timestamp, sql } from "../store/sql";
import { type ChainedDigest, judgeChains } from "./digest-chain";
import { fileNameOf } from "./digest-file";
import type { IntegrityFinding, IntegrityReport, IntegrityStatus } from "./integrity-schema";

/**
 * What the digests say about a range (`GET /api/integrity`): the log files
 * with events in the range by standing, the digests that cover its hours, the
 * files they list that the source lacks, and the chains' gaps and breaks.
 */

const HOUR_MS = 3_600_000;
const MAX_FINDINGS = 200;

/** The log files read with events in the range (their own row's file, or a copy's). */
const rangeFilesSql = (range: TimeRange) => sql`
  SELECT file_id FROM events WHERE time BETWEEN ${timestamp(range.from)} AND ${timestamp(range.to)}
  UNION
  SELECT file_id FROM event_copies
  WHERE event_time BETWEEN ${timestamp(range.from)} AND ${timestamp(range.to)}`;

/** Digests of the range's hours: a log file is listed in the digest of the hour it was delivered. */
const windowSql = (range: TimeRange) => {
  const until = new Date(Date.parse(range.to) + 2 * HOUR_MS).toISOString();
  return sql`end_time >= ${timestamp(range.from)} AND start_time <= ${timestamp(until)}`;
};

/** A digest row as judgeChains takes it (a mapped type: rows are plain objects), and its fate. */
type DigestRow = { [K in keyof ChainedDigest]: ChainedDigest[K] } & {
  status: "valid" | "invalid" | "unverified" | "unreadable";
  reason: string | null;
};

const ISO = sql.raw("'%Y-%m-%dT%H:%M:%SZ'");

async function digestsOf(store: Store, range: TimeRange): Promise<DigestRow[]> {
  const rows = await store.query<DigestRow>(
    sql`SELECT source, key, account, region, trail,
        strftime(start_time, ${ISO}) AS "startTime", strftime(end_time, ${ISO}) AS "endTime",
        sha256, signature, s3_path AS "s3Path", previous_s3_path AS "previousS3Path",
        previous_sha256 AS "previousSha256", previous_signature AS "previousSignature",
        status, reason
      FROM digests WHERE (${windowSql(range)}) OR status = 'unreadable'
      ORDER BY source, key`,
    "summaries",
  );
  // An unreadable digest has no times of its own: its name's time places it.
  const from = Date.parse(range.from);
  const until = Date.parse(range.to) + 2 * HOUR_MS;
  return rows.filter((r) => {
    if (r.status !== "unreadable") return true;
    const at = deliveryTimeOfKey(r.key);
    return at !== null && at >= from && at <= until + HOUR_MS;
  });
}

/** Whether the range's listing looked where a log file a digest lists would be. */
function judgedForRange(s3Object: string, range: TimeRange, days: ReadonlySet<string>): boolean {
  const day = /(\d{4})\/(\d{2})\/(\d{2})\/[^/]+$/.exec(s3Object);
  if (!day) return false;
  return days.has(`${day[1]}-${day[2]}-${day[3]}`) && mayHoldRange(s3Object, range);
}

export async function integrityReport(
  store: Store,
  range: TimeRange,
  state: { enabled: boolean; complete: boolean },
): Promise<IntegrityReport> {
  const rangeFiles = rangeFilesSql(range);
  const [statusCounts, modified, digests, absent] = await Promise.all([
    store.query<{ status: IntegrityStatus; n: number }>(
      sql`SELECT status, count(*)::INTEGER AS n FROM file_integrity
        WHERE file_id IN (${rangeFiles}) GROUP BY status`,
      "summaries",
    ),
    store.query<{ source: string; key: string; digest: string; sha256: string; listed: string }>(
      sql`SELECT i.source, i.key, i.digest, f.sha256, l.sha256 AS listed
        FROM file_integrity i JOIN files f ON f.file_id = i.file_id
        JOIN digest_logs l ON l.source = i.source AND l.digest_key = i.digest
          AND l.name = regexp_extract(i.key, '[^/]+$')
        WHERE i.status = 'modified' AND i.file_id IN (${rangeFiles})
        ORDER BY i.source, i.key LIMIT ${MAX_FINDINGS}`,
      "summaries",
    ),
    digestsOf(store, range),
    // Listed by a digest of the range, and no read of the source has the name.
    store.query<{ source: string; digest: string; s3_object: string; sha256: string }>(
      sql`SELECT l.source, l.digest_key AS digest, l.s3_object, l.sha256 FROM digest_logs l
        SEMI JOIN (SELECT source, key FROM digests WHERE ${windowSql(range)}) d
          ON d.source = l.source AND d.key = l.digest_key
        ANTI JOIN (SELECT source, regexp_extract(key, '[^/]+$') AS name FROM files
                   WHERE NOT replaced) f
          ON f.source = l.source AND f.name = l.name
        ORDER BY l.source, l.s3_object`,
      "summaries",
    ),
  ]);

  const files = { verified: 0, modified: 0, unverified: 0, uncovered: 0, missing: 0 };
  for (const row of statusCounts) files[row.status] = row.n;
  const days = new Set(deliveryDays(range));
  const missing = absent.filter((m) => judgedForRange(m.s3_object, range, days));
  files.missing = missing.length;

  const findings: IntegrityFinding[] = [];
  for (const m of modified) {
    findings.push({
      kind: "modified",
      severity: "error",
      source: m.source,
      file: m.key,
      digest: m.digest,
      at: null,
      message: `${fileNameOf(m.key)} was changed after delivery: its SHA-256 is ${m.sha256}, digest ${fileNameOf(m.digest)} lists ${m.listed}`,
    });
  }
  for (const m of missing) {
    const delivered = deliveryTimeOfKey(m.s3_object);
    findings.push({
      kind: "missing",
      severity: "error",
      source: m.source,
      file: m.s3_object,
      digest: m.digest,
      at: delivered === null ? null : new Date(delivered).toISOString(),
      message: `${fileNameOf(m.s3_object)} is listed in digest ${fileNameOf(m.digest)} but is not in ${m.source}: deleted, or never copied`,
    });
  }
  const unverifiedByReason = new Map<string, DigestRow[]>();
  for (const d of digests) {
    if (d.status === "invalid") {
      findings.push({
        kind: "invalid-signature",
        severity: "error",
        source: d.source,
        file: d.key,
        digest: null,
        at: d.endTime,
        message: `digest ${fileNameOf(d.key)} is not valid: ${d.reason ?? "its signature does not verify"}`,
      });
    } else if (d.status === "unreadable") {
      findings.push({
        kind: "unreadable-digest",
        severity: "error",
        source: d.source,
        file: d.key,
        digest: null,
        at: null,
        message: `digest ${fileNameOf(d.key)} ${d.reason ?? "could not be read"}`,
      });
    } else if (d.status === "unverified") {
      const id = `${d.source}\u0000${d.reason ?? ""}`;
      unverifiedByReason.set(id, [...(unverifiedByReason.get(id) ?? []), d]);
    }
  }
  for (const group of unverifiedByReason.values()) {
    const first = group[0]!;
    const what =
      group.length === 1
        ? `digest ${fileNameOf(first.key)}`
        : `${group.length} digests (${fileNameOf(first.key)}, ...)`;
    findings.push({
      kind: "unverified-digest",
      severity: "warning",
      source: first.source,
      file: first.key,
      digest: null,
      at: first.endTime,
      message: `${what}: the signature could not be checked, so their hashes prove nothing yet: ${first.reason ?? "no reason known"}`,
    });
  }
  const chained = judgeChains(digests.filter((d) => d.status !== "unreadable"));
  findings.push(...chained.findings);
  findings.sort(
    (a, b) =>
      (a.severity === "error" ? 0 : 1) - (b.severity === "error" ? 0 : 1) ||
      (a.at ?? "").localeCompare(b.at ?? "") ||
      a.file.localeCompare(b.file),
  );
  return {
    range: { from: range.from, to: range.to },
    enabled: state.enabled,
    complete: state.complete,
    files,
    digests: {
      read: digests.length,
      valid: digests.filter((d) => d.status === "valid").length,
      invalid: digests.filter((d) => d.status === "invalid" || d.status === "unreadable").length,
      unverified: digests.filter((d) => d.status === "unverified").length,
    },
    chains: chained.chains,
    findings: findings.slice(0, MAX_FINDINGS),
    findingsTotal: findings.length,
  };
}
