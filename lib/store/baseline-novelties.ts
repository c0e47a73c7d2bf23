import type { ActorType } from "../cloudtrail/event-schema";
import type { EventFilter, TimeRange } from "../query/event-query";
import { countedEventsSql } from "./counted-events";
import type { Store } from "./database";
import { eventFilterSql } from "./event-filter-sql";
import { type Sql, sql, timestamp } from "./sql";

/** Actor types whose new source IPs are worth a highlight: the IPs of roles and services change all the time. */
const IP_WATCHED: readonly ActorType[] = ["root", "iam-user", "person"];

/** A region or source IP used in the range but not in the baseline, by an actor seen in both. */
export interface Novelty {
  actor: string;
  actorType: ActorType;
  kind: "region" | "ip";
  value: string;
  events: number;
}

/** What the store holds of the baseline window: how many events, and the novelties against it. */
export interface Baseline {
  events: number;
  novelties: Novelty[];
}

/**
 * Regions and (for people, IAM users and root) source IPs used in the range
 * but not in the baseline, by actors with baseline events. Regions come from
 * counted rows of the baseline (`before`, up to the range's start) and of the
 * range (`during`); addresses from the events of the watched actor types over
 * both (`addresses`, a condition), `start` telling them apart.
 */
export function noveltyQuery(before: Sql, during: Sql, addresses: Sql, start: Sql): Sql {
  return sql`
  WITH regions AS (
    SELECT actor, actor_type, region, false AS current, n FROM ${before}
      WHERE first_time < ${start} AND actor_type <> 'service'
    UNION ALL
    SELECT actor, actor_type, region, true AS current, n FROM ${during}
      WHERE actor_type <> 'service'
  ),
  ips AS (
    SELECT actor, actor_type, source_ip AS ip, time >= ${start} AS current
    FROM events WHERE ${addresses}
  ),
  places AS (
    SELECT actor, actor_type, 'region' AS kind, region AS value,
      bool_or(NOT current) AS before, coalesce(sum(n) FILTER (WHERE current), 0) AS n
    FROM regions WHERE region IS NOT NULL GROUP BY actor, actor_type, region
    UNION ALL
    SELECT actor, actor_type, 'ip' AS kind, ip AS value,
      bool_or(NOT current) AS before, count(*) FILTER (WHERE current) AS n
    FROM ips GROUP BY actor, actor_type, ip
  ),
  known AS (SELECT DISTINCT actor, actor_type FROM regions WHERE NOT current)
  SELECT p.actor, p.actor_type, p.kind, p.value, p.n::INTEGER AS events
  FROM places p SEMI JOIN known k ON p.actor = k.actor AND p.actor_type = k.actor_type
  WHERE NOT p.before AND p.n > 0
  ORDER BY p.n DESC, p.actor, p.value`;
}

interface NoveltyRow {
  actor: string;
  actor_type: ActorType;
  kind: "region" | "ip";
  value: string;
  events: number;
}

/**
 * How many events of the baseline window (`baseline`, just before the range
 * of `filter`) the store holds, and the novelties against it (none to judge
 * when it holds nothing, the usual case of a range at the start of what was loaded).
 */
export async function queryBaseline(
  store: Store,
  filter: EventFilter,
  baseline: TimeRange,
): Promise<Baseline> {
  const start = timestamp(filter.from);
  // `first_time < from`: the baseline window ends where the range starts (rows of
  // event_counts lie in whole hours before it).
  const rows = await store.query<{ n: number }>(
    sql`SELECT coalesce(sum(n), 0)::INTEGER AS n FROM ${countedEventsSql({ ...filter, ...baseline }, [])}
       WHERE first_time < ${start}`,
    "summaries",
  );
  const events = rows[0]?.n ?? 0;
  if (events === 0) return { events, novelties: [] };
  const columns = ["actor", "actor_type", "region"];
  const before = countedEventsSql({ ...filter, ...baseline }, columns);
  const during = countedEventsSql(filter, columns);
  const addresses = sql`${eventFilterSql({ ...filter, from: baseline.from })}
    AND actor_type IN (${sql.list(IP_WATCHED)}) AND source_ip_num IS NOT NULL`;
  const found = await store.query<NoveltyRow & Record<string, unknown>>(
    noveltyQuery(before, during, addresses, start),
    "summaries",
  );
  return {
    events,
    novelties: found.map((n) => ({
      actor: n.actor,
      actorType: n.actor_type,
      kind: n.kind,
      value: n.value,
      events: n.events,
    })),
  };
}
