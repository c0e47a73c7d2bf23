import { z } from "zod";

/**
 * What digest validation says about a range (`GET /api/integrity`), and about
 * each file an event was read from. One schema for the server's answer and
 * the page that shows it.
 */

/**
 * A log file's standing against the digests read:
 * - verified: listed in a digest whose signature verified, with the same SHA-256;
 * - modified: a digest lists it with another SHA-256 (its content changed after delivery);
 * - unverified: listed with the same SHA-256, but only in digests whose signature could not
 *   be checked (no signature, key unavailable): the hash matches, nothing proves the digest;
 * - uncovered: no digest read lists it (delivered outside any digest, or digests absent).
 */
export const INTEGRITY_STATUSES = ["verified", "modified", "unverified", "uncovered"] as const;
export const integrityStatusSchema = z.enum(INTEGRITY_STATUSES);
export type IntegrityStatus = z.infer<typeof integrityStatusSchema>;

/** One file's standing, as the event detail shows it beside the file. */
export const fileIntegritySchema = z
  .object({
    status: integrityStatusSchema,
    /** The digest that lists the file (the one that decided its status), or null. */
    digest: z.string().nullable(),
  })
  .strict();
export type FileIntegrity = z.infer<typeof fileIntegritySchema>;

export const DIGEST_STATUSES = ["valid", "invalid", "unverified"] as const;
export type DigestStatus = (typeof DIGEST_STATUSES)[number];

export const FINDING_KINDS = [
  "modified", // a log file whose SHA-256 differs from its digest's
  "missing", // a log file a digest lists, absent from the source (deleted)
  "invalid-signature", // a digest whose signature does not verify, or signed by an unknown key
  "unverified-digest", // a digest whose signature could not be checked (the reason is given)
  "unreadable-digest", // a digest that is not gzip JSON of the documented shape
  "chain-gap", // hours with no digest between two digests of a chain (deleted digests)
  "chain-break", // a digest whose previous-digest hash or signature does not match the one before
  "chain-restart", // a chain starting again (logging or validation stopped, then resumed)
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export const integrityFindingSchema = z
  .object({
    kind: z.enum(FINDING_KINDS),
    severity: z.enum(["error", "warning"]),
    /** The configured source (folder path, s3://bucket/prefix). */
    source: z.string(),
    /** The log file or digest concerned (a key of the source). */
    file: z.string(),
    /** The digest that says so, when it is not `file`. */
    digest: z.string().nullable(),
    /** The hour or instant concerned (ISO), when there is one. */
    at: z.string().nullable(),
    message: z.string(),
  })
  .strict();
export type IntegrityFinding = z.infer<typeof integrityFindingSchema>;

/** One chain of digests (a trail's, in one account and Region) over the range. */
export const digestChainSchema = z
  .object({
    source: z.string(),
    account: z.string(),
    region: z.string(),
    trail: z.string(),
    /** The span the chain's digests cover (ISO): start of the first, end of the last. */
    from: z.string(),
    to: z.string(),
    digests: z.number().int().nonnegative(),
    /** Gaps, breaks and restarts within the span. */
    breaks: z.number().int().nonnegative(),
  })
  .strict();
export type DigestChain = z.infer<typeof digestChainSchema>;

export const integrityReportSchema = z
  .object({
    range: z.object({ from: z.string(), to: z.string() }).strict(),
    /** False when digest validation is switched off (TRAILGLASS_INTEGRITY=off). */
    enabled: z.boolean(),
    /** False while the range (its log files and digests) is still loading. */
    complete: z.boolean(),
    /** Log files with events in the range, by status; `missing`: listed in digests, absent. */
    files: z
      .object({
        verified: z.number().int().nonnegative(),
        modified: z.number().int().nonnegative(),
        unverified: z.number().int().nonnegative(),
        uncovered: z.number().int().nonnegative(),
        missing: z.number().int().nonnegative(),
      })
      .strict(),
    /** Digests read for the range, by how their signature fared. */
    digests: z
      .object({
        read: z.number().int().nonnegative(),
        valid: z.number().int().nonnegative(),
        invalid: z.number().int().nonnegative(),
        unverified: z.number().int().nonnegative(),
      })
      .strict(),
    chains: z.array(digestChainSchema),
    /** What failed, worst first (the first 200 of findingsTotal). */
    findings: z.array(integrityFindingSchema),
    findingsTotal: z.number().int().nonnegative(),
  })
  .strict();
export type IntegrityReport = z.infer<typeof integrityReportSchema>;
