import type { EventCategory } from "../cloudtrail/event-schema";
import type { EventFilter } from "../query/event-query";
import { CHANGE_SQL } from "../summary/rules";
import { countedEventsSql } from "./counted-events";
import type { Store } from "./database";
import { sql } from "./sql";

const HOUR_MS = 3_600_000;

/** Events of one category in one time bucket, and how many of them failed or changed something. */
export interface TimelineCount {
  /** The bucket's start in epoch ms divided by its length. */
  bucket: number;
  category: EventCategory;
  events: number;
  errors: number;
  changes: number;
}

const TIMELINE_COLUMNS = ["category", "error_code", "sign_in_failed", "read_only", "event_source"];

/**
 * Events, errors and changes per bucket of `bucketSeconds` and category, for
 * the events matching `filter`; those after the start of bucket `lastBucket`
 * count in it. From counted rows, that their first_time places: a row of
 * event_counts spans an hour, so they come from it only when buckets are
 * whole hours.
 */
export async function queryTimelineCounts(
  store: Store,
  filter: EventFilter,
  bucketSeconds: number,
  lastBucket: number,
): Promise<TimelineCount[]> {
  const stepMs = bucketSeconds * 1000;
  const counted = countedEventsSql(filter, TIMELINE_COLUMNS, {
    wholeHours: stepMs % HOUR_MS === 0,
  });
  const bucket = sql`least(epoch_ms(first_time) // ${sql.number(stepMs)}, ${sql.number(lastBucket)})`;
  return store.query<TimelineCount & Record<string, unknown>>(
    sql`SELECT ${bucket}::DOUBLE AS bucket, category,
       sum(n)::INTEGER AS events,
       coalesce(sum(n) FILTER (WHERE error_code IS NOT NULL OR sign_in_failed), 0)::INTEGER AS errors,
       coalesce(sum(n) FILTER (WHERE ${sql.raw(CHANGE_SQL)}), 0)::INTEGER AS changes
     FROM ${counted}
     GROUP BY ALL`,
    "summaries",
  );
}
