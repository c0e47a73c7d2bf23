import { z } from "zod";

/**
 * An Athena search as the API reports it (the `athena` member of the events
 * and summary answers): what it asks, what it will cost or did, and where it
 * stands. See docs/api.md.
 */

export const ATHENA_SEARCH_STATES = [
  /** Listing the range to estimate the scan. */
  "estimating",
  /** The estimate is above TRAILGLASS_ATHENA_CONFIRM_GB: waits for `athena=run`. */
  "needs-confirmation",
  /** Athena is running the query (its own state in `queryState`). */
  "running",
  /** Athena answered: the files it named are loaded like any others. */
  "succeeded",
  "failed",
  "cancelled",
] as const;

export const athenaSearchSchema = z
  .object({
    id: z.string(),
    state: z.enum(ATHENA_SEARCH_STATES),
    /** Athena's own state while it runs. */
    queryState: z.enum(["QUEUED", "RUNNING"]).nullable(),
    sql: z.string(),
    /** The trail location the table reads (the S3 source's label). */
    source: z.string(),
    /** Filter parts Athena narrows by; the rest the store applies to the files it names. */
    narrowedBy: z.array(z.string()),
    leftToStore: z.array(z.string()),
    /** Delivery days scanned, first and last (`YYYY-MM-DD`). */
    days: z.object({ first: z.string(), last: z.string(), count: z.number().int() }).strict(),
    /** From the S3 listing, before the query: what Athena will read. */
    estimate: z
      .object({
        partitions: z.number().int().nonnegative(),
        files: z.number().int().nonnegative(),
        bytes: z.number().nonnegative(),
        dollars: z.number().nonnegative(),
      })
      .strict()
      .nullable(),
    bytesScanned: z.number().nonnegative(),
    dollars: z.number().nonnegative(),
    elapsedMs: z.number().nonnegative(),
    /** Files Athena named, and the events it counted in them (once it succeeded). */
    filesMatched: z.number().int().nonnegative().nullable(),
    eventsMatched: z.number().int().nonnegative().nullable(),
    /** What failed, in words a user can act on. */
    message: z.string().nullable(),
    /** The answer came from the store (an earlier query), not from a new one. */
    remembered: z.boolean(),
    finishedAt: z.iso.datetime().nullable(),
  })
  .strict();
export type AthenaSearchStatus = z.infer<typeof athenaSearchSchema>;
