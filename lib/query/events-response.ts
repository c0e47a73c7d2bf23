import { z } from "zod";
import { athenaSearchSchema } from "../athena/athena-schema";
import { eventListRowSchema, eventRowSchema, ORIGIN_KINDS } from "../cloudtrail/event-schema";
import { problemSchema } from "../cloudtrail/problem-schema";

/** The wire shapes of `/api/events` and `/api/events/<id>`: one source of truth. */

export const sourceProblemSchema = problemSchema.extend({ source: z.string() }).strict();
export type SourceProblem = z.infer<typeof sourceProblemSchema>;

export const sourceLoadProgressSchema = z
  .object({
    source: z.string(),
    kind: z.enum(ORIGIN_KINDS),
    filesTotal: z.number().int().nonnegative(),
    filesDone: z.number().int().nonnegative(),
    eventsLoaded: z.number().int().nonnegative(),
    /** Calls to a rate-limited API (LookupEvents) since the load started; null for files. */
    requests: z.number().int().nonnegative().nullable(),
    throttled: z.number().int().nonnegative().nullable(),
  })
  .strict();
export type SourceLoadProgressWire = z.infer<typeof sourceLoadProgressSchema>;

export const loadProgressSchema = z
  .object({
    running: z.boolean(),
    filesTotal: z.number().int().nonnegative(),
    filesDone: z.number().int().nonnegative(),
    filesSkipped: z.number().int().nonnegative(),
    bytesTotal: z.number().nonnegative(),
    bytesDone: z.number().nonnegative(),
    eventsLoaded: z.number().int().nonnegative(),
    sources: z.array(sourceLoadProgressSchema),
  })
  .strict();
export type LoadProgressWire = z.infer<typeof loadProgressSchema>;

export const eventsResponseSchema = z
  .object({
    events: z.array(eventListRowSchema),
    /** Events matching the view, counted on the first page (null on the pages after it). */
    total: z.number().int().nonnegative().nullable(),
    nextCursor: z.string().nullable(),
    /** False while the sources are still loading the range. */
    complete: z.boolean(),
    problems: z.array(sourceProblemSchema),
    problemsTotal: z.number().int().nonnegative(),
    progress: loadProgressSchema,
    /** A load not started because it is large; repeat with `confirm=1` to start it. */
    pending: z
      .object({ files: z.number().int().nonnegative(), bytes: z.number().nonnegative() })
      .strict()
      .nullable(),
    /** The view's Athena search, when it goes through one (lib/athena/athena-schema.ts). */
    athena: athenaSearchSchema.nullable(),
    range: z.object({ from: z.iso.datetime(), to: z.iso.datetime() }).strict(),
  })
  .strict();
export type EventsResponse = z.infer<typeof eventsResponseSchema>;

export const eventResponseSchema = z.object({ event: eventRowSchema }).strict();

export const errorResponseSchema = z
  .object({ error: z.string(), details: z.array(z.string()).optional() })
  .strict();
export type ErrorResponse = z.infer<typeof errorResponseSchema>;

export const facetsResponseSchema = z
  .object({
    facets: z.record(
      z.string(),
      z
        .object({
          values: z.array(
            z.object({ value: z.string(), count: z.number().int().positive() }).strict(),
          ),
          distinct: z.number().int().nonnegative(),
        })
        .strict(),
    ),
    /** False while the sources are still loading the range: counts will grow. */
    complete: z.boolean(),
  })
  .strict();
export type FacetsResponse = z.infer<typeof facetsResponseSchema>;

/** How a related event relates: same principal, access key, request, sharedEventID. */
export const RELATED_KINDS = ["principal", "accessKey", "request", "sharedEvent"] as const;

export const relatedResponseSchema = z
  .object({
    groups: z.array(
      z
        .object({
          kind: z.enum(RELATED_KINDS),
          value: z.string(),
          /** In the minutes around the event. */
          total: z.number().int().nonnegative(),
          /** In the whole range (`range`). */
          rangeTotal: z.number().int().nonnegative(),
          /** The nearest in the minutes around, oldest first. */
          events: z.array(
            z
              .object({
                id: z.string(),
                time: z.iso.datetime(),
                eventName: z.string(),
                eventSource: z.string(),
                errorCode: z.string().nullable(),
              })
              .strict(),
          ),
        })
        .strict(),
    ),
    /** Minutes either side of the event that were searched. */
    windowMinutes: z.number().int().positive(),
    /** The range `rangeTotal` counts (the request's `from`/`to`, else the default range). */
    range: z.object({ from: z.iso.datetime(), to: z.iso.datetime() }).strict(),
  })
  .strict();
export type RelatedResponse = z.infer<typeof relatedResponseSchema>;
