import {
  eventRowSchema,
  resourceSchema,
  type EventListRow,
  type EventOrigin,
  type EventRow,
} from "../cloudtrail/event-schema";
import type { JsonRow, Store } from "./database";

/** Reading events back from the store as the wire shape. */

/** How the store's TIMESTAMPs go out: ISO 8601 UTC with milliseconds. */
export const ISO_TIME_FORMAT = "'%Y-%m-%dT%H:%M:%S.%gZ'";

export const EVENT_SELECT = `
  id, strftime(time, ${ISO_TIME_FORMAT}) AS time, category, event_name, event_source,
  service, event_type, event_version, principal, principal_type, actor, actor_type,
  principal_arn, access_key_id,
  account, region, source_ip, user_agent, read_only, error_code, error_message, request_id,
  shared_event_id, resources, raw`;

type ListColumnField = Exclude<keyof EventListRow, "originKinds" | "raw">;

/** Each column of a list row (eventListRowSchema) and the stored column it is (`e.` is the events row). */
const LIST_COLUMN_SQL: Record<ListColumnField, string> = {
  id: "e.id",
  time: `strftime(e.time, ${ISO_TIME_FORMAT})`,
  category: "e.category",
  eventName: "e.event_name",
  eventSource: "e.event_source",
  service: "e.service",
  principal: "e.principal",
  principalType: "e.principal_type",
  accessKeyId: "e.access_key_id",
  account: "e.account",
  region: "e.region",
  sourceIp: "e.source_ip",
  userAgent: "e.user_agent",
  readOnly: "e.read_only",
  errorCode: "e.error_code",
};

/**
 * The JSON text of a list row (eventListRowSchema), written by DuckDB: a page
 * of 1,000 rows reaches Node as one string instead of thousands of values to
 * convert, check and serialize again, which kept the server's one JavaScript
 * thread busy under load. `e` is the events row, `originKinds` a list of
 * kinds, `raw` the record (JSON text written by JSON.stringify in
 * lib/store/staged-events.ts, which goes in verbatim) or NULL.
 */
export function listRowJsonSql(originKinds: string, raw: string): string {
  const columns = Object.entries(LIST_COLUMN_SQL)
    .map(([field, sql]) => `${field}: ${sql}`)
    .join(", ");
  // The struct's closing brace comes off so the record's JSON text can follow.
  return `(rtrim(to_json({${columns}, originKinds: ${originKinds}})::VARCHAR, '}')
    || ',"raw":' || coalesce(${raw}, 'null') || '}')`;
}

/** The columns EVENT_SELECT reads, as the store returns them. */
export interface StoredEventColumns {
  id: string;
  time: string;
  category: string;
  event_name: string;
  event_source: string;
  service: string;
  event_type: string | null;
  event_version: string | null;
  principal: string;
  principal_type: string | null;
  actor: string;
  actor_type: string;
  principal_arn: string | null;
  access_key_id: string | null;
  account: string | null;
  region: string | null;
  source_ip: string | null;
  user_agent: string | null;
  read_only: boolean | null;
  error_code: string | null;
  error_message: string | null;
  request_id: string | null;
  shared_event_id: string | null;
  resources: string;
  raw: string | null;
}

interface StoredEvent extends StoredEventColumns, JsonRow {}

function toEventRow(stored: StoredEvent, origins: EventOrigin[]): EventRow {
  return eventRowSchema.parse({
    id: stored.id,
    time: stored.time,
    category: stored.category,
    eventName: stored.event_name,
    eventSource: stored.event_source,
    service: stored.service,
    eventType: stored.event_type,
    eventVersion: stored.event_version,
    principal: stored.principal,
    principalType: stored.principal_type,
    actor: stored.actor,
    actorType: stored.actor_type,
    principalArn: stored.principal_arn,
    accessKeyId: stored.access_key_id,
    account: stored.account,
    region: stored.region,
    sourceIp: stored.source_ip,
    userAgent: stored.user_agent,
    readOnly: stored.read_only,
    errorCode: stored.error_code,
    errorMessage: stored.error_message,
    requestId: stored.request_id,
    sharedEventId: stored.shared_event_id,
    resources: resourceSchema.array().parse(JSON.parse(stored.resources)),
    origins,
    raw: stored.raw === null ? null : (JSON.parse(stored.raw) as unknown),
  });
}

/** The origins of the given events; their time span lets DuckDB skip the other row groups. */
async function originsOf(
  store: Store,
  events: { id: string; time: string }[],
): Promise<Map<string, EventOrigin[]>> {
  const byId = new Map<string, EventOrigin[]>();
  if (events.length === 0) return byId;
  const times = events.map((e) => e.time).sort();
  const placeholders = events.map((_, i) => `$${i + 3}`).join(", ");
  const rows = await store.query<{ event_id: string } & EventOrigin>(
    `SELECT DISTINCT event_id, kind, source, key FROM event_origins
       WHERE event_time BETWEEN CAST($1 AS TIMESTAMP) - INTERVAL 1 SECOND
                            AND CAST($2 AS TIMESTAMP) + INTERVAL 1 SECOND
         AND event_id IN (${placeholders}) ORDER BY event_id, kind, source, key`,
    [
      times[0]!.replace("Z", ""),
      times[times.length - 1]!.replace("Z", ""),
      ...events.map((e) => e.id),
    ],
  );
  for (const { event_id, kind, source, key } of rows) {
    const list = byId.get(event_id) ?? [];
    list.push({ kind, source, key });
    byId.set(event_id, list);
  }
  return byId;
}

/** Rows read with EVENT_SELECT -> whole events with their origins, in the rows' order. */
export async function hydrateFullEvents(store: Store, rows: JsonRow[]): Promise<EventRow[]> {
  const stored = rows as StoredEvent[];
  const origins = await originsOf(store, stored);
  return stored.map((r) => toEventRow(r, origins.get(r.id) ?? []));
}
