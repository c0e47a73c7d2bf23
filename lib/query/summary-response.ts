import { z } from "zod";
import { athenaSearchSchema } from "../athena/athena-schema";
import { actorTypeSchema, EVENT_CATEGORIES } from "../cloudtrail/event-schema";
import { loadProgressSchema } from "./events-response";

/**
 * The wire shape of `/api/summary` ("who did what"): one source of truth for
 * the route handler, the summary page and the contract tests.
 */

const count = z.number().int().nonnegative();

export const summaryActionSchema = z
  .object({
    eventName: z.string(),
    eventSource: z.string(),
    /** Changes made with it when the actor made changes (`topActionsAre: "changes"`), else calls. */
    count: count,
  })
  .strict();
export type SummaryAction = z.infer<typeof summaryActionSchema>;

export const summaryActorSchema = z
  .object({
    /** The rolled-up name: the role for role sessions, the person for Identity Center, `root`. */
    actor: z.string().min(1),
    actorType: actorTypeSchema,
    /**
     * The account a root user, IAM user, role or account actor belongs to: the
     * same name in two accounts is two actors. Null for people and services,
     * who are one actor in every account.
     */
    actorAccount: z.string().nullable(),
    /** Accounts the calls landed in. */
    accounts: z.array(z.string()),
    events: count,
    /**
     * Calls that are not read-only (`readOnly: false`), console sign-ins excepted
     * (lib/summary/rules.ts): `readOnly=false&-eventSource=signin.amazonaws.com` in the table.
     */
    changes: count,
    /** Read-only calls (`readOnly: true`); events without the flag are neither. */
    reads: count,
    /** Failed calls, failed console sign-ins included (what `error=any` selects). */
    errors: count,
    /** Failed calls whose error code is an access denial (AccessDenied, UnauthorizedOperation…). */
    denied: count,
    /** Event sources called, most used first. */
    services: z.array(z.string()),
    /** Event sources of the changes, most changes first. */
    changedServices: z.array(z.string()),
    /** Top 5 changes by count; the top 5 calls when the actor changed nothing. */
    topActions: z.array(summaryActionSchema),
    topActionsAre: z.enum(["changes", "calls"]),
    /** Distinct resources named by the changes, and the most changed ones. */
    resourcesChanged: z.object({ count: count, top: z.array(z.string()) }).strict(),
    /** Calls made from the AWS console (lib/cloudtrail/console.ts). */
    console: count,
    /** Every other call: SDKs, the CLI, infrastructure tools, AWS services. */
    programmatic: count,
    /** Distinct principals (role sessions, permission sets) rolled up into the actor. */
    sessionCount: count,
    /** The principals rolled up, most active first (10 at most); empty when it is the actor itself. */
    sessions: z.array(z.object({ name: z.string(), events: count }).strict()),
    regions: z.array(z.string()),
    firstSeen: z.iso.datetime(),
    lastSeen: z.iso.datetime(),
    /** One plain-language sentence about what the actor did. */
    sentence: z.string(),
  })
  .strict();
export type SummaryActor = z.infer<typeof summaryActorSchema>;

/** What a highlight is about; among highlights of equal risk, in this order. */
export const HIGHLIGHT_KINDS = [
  "integrity",
  "root",
  "logging",
  "resource-policy",
  "iam",
  "read-burst",
  "insight",
  "denied",
  "new-region",
  "new-ip",
] as const;
export const HIGHLIGHT_SEVERITIES = ["high", "medium", "info"] as const;

export const highlightSchema = z
  .object({
    kind: z.enum(HIGHLIGHT_KINDS),
    /** From its risk: high from 70, medium from 40, else info. */
    severity: z.enum(HIGHLIGHT_SEVERITIES),
    /** How much it matters, 0 to 100 (lib/summary/risk.ts, docs/highlights.md): highlights come highest first. */
    risk: z.number().int().min(0).max(100),
    text: z.string(),
    /** The actor it is about, when one. */
    actor: z.string().nullable(),
    /** Events-table URL parameters that show the events behind it (`{ actor: ["alice"] }`). */
    filter: z.record(z.string(), z.array(z.string())),
  })
  .strict();
export type Highlight = z.infer<typeof highlightSchema>;

export const timelineBucketSchema = z
  .object({
    start: z.iso.datetime(),
    byCategory: z.record(z.enum(EVENT_CATEGORIES), count),
    errors: count,
    changes: count,
  })
  .strict();

export const summaryTimelineSchema = z
  .object({
    bucketSeconds: z.number().int().positive(),
    buckets: z.array(timelineBucketSchema),
  })
  .strict();
export type SummaryTimeline = z.infer<typeof summaryTimelineSchema>;

export const summaryTotalsSchema = z
  .object({
    events: count,
    changes: count,
    errors: count,
    denied: count,
    actors: count,
  })
  .strict();

export const rangeSchema = z.object({ from: z.iso.datetime(), to: z.iso.datetime() }).strict();

/** What lib/summary answers (lib/summary/query-summary.ts). */
export const summarySchema = z
  .object({
    /** Most events first. */
    actors: z.array(summaryActorSchema),
    totals: summaryTotalsSchema,
    /** The few facts that matter most, highest risk first. */
    highlights: z.array(highlightSchema),
    timeline: summaryTimelineSchema,
    /**
     * The window new regions and IPs are judged against: as long as the range,
     * just before it, and what the store holds of it (it is not loaded for the summary).
     */
    baseline: rangeSchema.extend({ events: count }).strict(),
  })
  .strict();
export type Summary = z.infer<typeof summarySchema>;

export const summaryResponseSchema = summarySchema
  .extend({
    /** False while the sources are still loading the range: numbers will grow. */
    complete: z.boolean(),
    progress: loadProgressSchema,
    /** A load not started because it is large; repeat with `confirm=1` to start it. */
    pending: z
      .object({ files: z.number().int().nonnegative(), bytes: z.number().nonnegative() })
      .strict()
      .nullable(),
    /** The view's Athena search, when it goes through one (lib/athena/athena-schema.ts). */
    athena: athenaSearchSchema.nullable(),
    range: rangeSchema,
  })
  .strict();
export type SummaryResponse = z.infer<typeof summaryResponseSchema>;

/** What `/api/highlights` answers: the summary's highlights alone (the events page's strip). */
export const highlightsResponseSchema = z
  .object({
    highlights: z.array(highlightSchema),
    /** False while the sources are still loading the range: more may come. */
    complete: z.boolean(),
    range: rangeSchema,
  })
  .strict();
export type HighlightsResponse = z.infer<typeof highlightsResponseSchema>;
