import type { WorkKind } from "./admission";
import "server-only";
import type { EventRow } from "../cloudtrail/event-schema";
import type { TimeRange } from "../query/event-query";
import { RELATED_KINDS } from "../query/events-response";
import type { Store } from "./database";
import { ISO_TIME_FORMAT } from "./event-rows";
import { type Sql, sql, timestamp } from "./sql";

/**
 * Events related to one event, for an investigation: the same principal, the
 * same access key, the same request, the same sharedEventID. The nearest
 * within the minutes around it, in time order; and how many share it over a
 * whole range (a view's), so a pivot can go past the minutes around.
 */

export type RelatedKind = (typeof RELATED_KINDS)[number];

export interface RelatedEvent {
  id: string;
  time: string;
  eventName: string;
  eventSource: string;
  errorCode: string | null;
}

export interface RelatedGroup {
  kind: RelatedKind;
  /** The shared value (a principal ARN or name, a key, a request ID...). */
  value: string;
  /** Related events in the window (the event itself left out). */
  total: number;
  /** Related events in the whole range asked for (the event itself left out). */
  rangeTotal: number;
  /** The nearest in the window, oldest first. */
  events: RelatedEvent[];
}

/** The column each kind compares, and the event's value for it. */
const KIND_COLUMN: Record<RelatedKind, { column: Sql; value: (e: EventRow) => string | null }> = {
  principal: {
    column: sql`coalesce(principal_arn, principal)`,
    value: (e) => e.principalArn ?? e.principal,
  },
  accessKey: { column: sql`access_key_id`, value: (e) => e.accessKeyId },
  request: { column: sql`request_id`, value: (e) => e.requestId },
  sharedEvent: { column: sql`shared_event_id`, value: (e) => e.sharedEventId },
};

export async function relatedEvents(
  store: Store,
  event: EventRow,
  options: { windowMinutes?: number; limit?: number; range: TimeRange },
): Promise<RelatedGroup[]> {
  const windowMs = (options.windowMinutes ?? 15) * 60_000;
  const limit = options.limit ?? 10;
  const t = Date.parse(event.time);
  const from = timestamp(new Date(t - windowMs).toISOString());
  const to = timestamp(new Date(t + windowMs).toISOString());
  const kinds = RELATED_KINDS.filter((k) => KIND_COLUMN[k].value(event));
  // Over the whole range, a count reads as much as a summary: it waits with them (admission.ts).
  const count = async (where: Sql, work: WorkKind) =>
    Number(
      (
        await store.query<{ n: string }>(
          sql`SELECT count(*)::VARCHAR AS n FROM events WHERE ${where}`,
          work,
        )
      )[0]?.n ?? 0,
    );
  return Promise.all(
    kinds.map(async (kind) => {
      const { column, value } = KIND_COLUMN[kind];
      const shared = value(event)!;
      const same = sql`${column} = ${shared} AND id <> ${event.id}`;
      const where = sql`time BETWEEN ${from} AND ${to} AND ${same}`;
      const inRange = sql`time >= ${timestamp(options.range.from)} AND time <= ${timestamp(options.range.to)} AND ${same}`;
      const [rows, total, rangeTotal] = await Promise.all([
        store.query<{
          id: string;
          time: string;
          event_name: string;
          event_source: string;
          error_code: string | null;
        }>(
          // The nearest, then in time order: read as what happened before and after.
          sql`SELECT * FROM (
             SELECT id, time AS sort_time, strftime(time, ${ISO_TIME_FORMAT}) AS time, event_name,
               event_source, error_code
             FROM events WHERE ${where}
             ORDER BY abs(epoch_ms(time) - ${sql.number(t)}), id LIMIT ${sql.number(limit)}
           ) ORDER BY sort_time, id`,
        ),
        count(where, "pages"),
        count(inRange, "summaries"),
      ]);
      return {
        kind,
        value: shared,
        total,
        rangeTotal,
        events: rows.map((r) => ({
          id: r.id,
          time: r.time,
          eventName: r.event_name,
          eventSource: r.event_source,
          errorCode: r.error_code,
        })),
      };
    }),
  );
}
