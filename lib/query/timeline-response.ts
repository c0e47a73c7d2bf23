import { z } from "zod";
import { rangeSchema, summaryTimelineSchema } from "./summary-response";

/**
 * The wire shape of `/api/timeline`: the view's events per time bucket and
 * category (the events page's histogram), the same timeline as the summary's.
 */
export const timelineResponseSchema = z
  .object({
    timeline: summaryTimelineSchema,
    /** False while the sources are still loading the range: counts will grow. */
    complete: z.boolean(),
    range: rangeSchema,
  })
  .strict();
export type TimelineResponse = z.infer<typeof timelineResponseSchema>;
