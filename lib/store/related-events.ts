import "server-only";
import type { EventRow } from "../cloudtrail/event-schema";
import { RELATED_KINDS } from "../query/events-response";
import type { Store } from "./database";
import { ISO_TIME_FORMAT } from "./event-rows";

/**
 * Events related to one event, for an investigation: the same principal, the
 * same access key, the same request, the same sharedEventID, within the
 * minutes around it. Nearest in time first.
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
  events: RelatedEvent[];
}

/** The column each kind compares, and the event's value for it. */
const KIND_COLUMN: Record<RelatedKind, { column: string; value: (e: EventRow) => string | null }> =
  {
    principal: {
      column: "coalesce(principal_arn, principal)",
      value: (e) => e.principalArn ?? e.principal,
    },
    accessKey: { column: "access_key_id", value: (e) => e.accessKeyId },
    request: { column: "request_id", value: (e) => e.requestId },
    sharedEvent: { column: "shared_event_id", value: (e) => e.sharedEventId },
  };

export async function relatedEvents(
  store: Store,
  event: EventRow,
  options: { windowMinutes?: number; limit?: number } = {},
): Promise<RelatedGroup[]> {
  const windowMs = (options.windowMinutes ?? 15) * 60_000;
  const limit = options.limit ?? 10;
  const t = Date.parse(event.time);
  const from = new Date(t - windowMs).toISOString().replace("Z", "");
  const to = new Date(t + windowMs).toISOString().replace("Z", "");
  const kinds = RELATED_KINDS.filter((k) => KIND_COLUMN[k].value(event));
  return Promise.all(
    kinds.map(async (kind) => {
      const { column, value } = KIND_COLUMN[kind];
      const shared = value(event)!;
      const where = `time BETWEEN CAST($1 AS TIMESTAMP) AND CAST($2 AS TIMESTAMP)
        AND ${column} = $3 AND id <> $4`;
      const params = [from, to, shared, event.id];
      const [rows, counted] = await Promise.all([
        store.query<{
          id: string;
          time: string;
          event_name: string;
          event_source: string;
          error_code: string | null;
        }>(
          `SELECT id, strftime(time, ${ISO_TIME_FORMAT}) AS time, event_name, event_source,
             error_code
           FROM events WHERE ${where}
           ORDER BY abs(epoch_ms(time) - ${t}), id LIMIT ${limit}`,
          params,
        ),
        store.query<{ n: string }>(
          `SELECT count(*)::VARCHAR AS n FROM events WHERE ${where}`,
          params,
        ),
      ]);
      return {
        kind,
        value: shared,
        total: Number(counted[0]?.n ?? 0),
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
