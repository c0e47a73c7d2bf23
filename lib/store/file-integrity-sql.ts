/**
 * Each hashed, current read among `files` (a table expression of `files`
 * rows) with its standing against the digests (lib/integrity/integrity-schema.ts):
 * the `file_integrity` view over every file, and the event detail's few
 * files, which must not pay for every file of the store. A listing in an
 * unreadable digest proves nothing; one in an invalid digest still shows a
 * changed hash. Files are matched to digests by name (a copy keeps the names,
 * not always the folders above them).
 */
export function fileIntegritySql(files: string): string {
  return `
  SELECT f.file_id, f.source, f.key,
    CASE
      WHEN bool_or(l.sha256 <> f.sha256) THEN 'modified'
      WHEN bool_or(l.sha256 = f.sha256 AND l.status = 'valid') THEN 'verified'
      WHEN bool_or(l.sha256 = f.sha256) THEN 'unverified'
      ELSE 'uncovered'
    END AS status,
    -- The digest that decided: one that disagrees, else a valid one, else any.
    arg_min(l.digest_key,
      CASE WHEN l.sha256 <> f.sha256 THEN 0 WHEN l.status = 'valid' THEN 1 ELSE 2 END) AS digest
  FROM ${files} f
  LEFT JOIN (
    SELECT l.source, l.digest_key, l.name, l.sha256, d.status FROM digest_logs l
    JOIN digests d ON d.source = l.source AND d.key = l.digest_key
  ) l ON l.source = f.source AND l.name = regexp_extract(f.key, '[^/]+$')
  WHERE f.sha256 IS NOT NULL AND NOT f.replaced
  GROUP BY f.file_id, f.source, f.key`;
}
