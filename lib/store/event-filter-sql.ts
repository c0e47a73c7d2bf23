import { FIELD_COLUMN, FIELD_MATCH, LIST_FIELDS, type ListField } from "../cloudtrail/fields";
import { parseIpMatch } from "../net/ip-match";
import type { EventFilter } from "../query/event-query";
import { rarerNeedleStart } from "./search-needle";
import { type Sql, sql, timestamp } from "./sql";

/**
 * A typed filter -> an SQL condition (lib/store/sql.ts). Column names come
 * from the field table (lib/cloudtrail/fields.ts) and the map below; every
 * user value travels as a bound parameter.
 */

/**
 * The SQL expression each filter field matches against (its FIELD_MATCH kind
 * decides how): its column, but where noted.
 */
const FIELD_SQL: Record<ListField, Sql> = Object.fromEntries(
  Object.entries({
    ...FIELD_COLUMN,
    sourceIp: "source_ip_num",
    userAgent: "lower(user_agent)",
    // ARNs and names (`bucket/key`) of the resources.
    resource: `lower(array_to_string(resource_names, ' ') || ' ' || array_to_string(resource_labels, ' '))`,
  }).map(([field, expression]) => [field, sql.raw(expression)]),
) as Record<ListField, Sql>;

/** True when the row's field matches any of `values` (never NULL). */
function anyOf(field: ListField, values: string[]): Sql {
  const column = FIELD_SQL[field];
  switch (FIELD_MATCH[field]) {
    case "exact":
      return sql`coalesce(${column} IN (${sql.list(values)}), false)`;
    case "contains": {
      const matches = values.map((v) => sql`contains(${column}, ${v.toLowerCase()})`);
      return sql`coalesce(${sql.join(matches, " OR ")}, false)`;
    }
    case "ip": {
      const matches = values.map((v) => inIpRange(column, v));
      return sql`coalesce(${sql.join(matches, " OR ")}, false)`;
    }
  }
}

/** True when the address in `column` (a number) is `value` (an IP or a CIDR block). */
export function inIpRange(column: Sql, value: string): Sql {
  const range = parseIpMatch(value);
  if (!range) throw new Error(`"${value}" is not an IP address or CIDR block`);
  const from = range.from.toString();
  const to = range.to.toString();
  return sql`${column} BETWEEN CAST(${from} AS UHUGEINT) AND CAST(${to} AS UHUGEINT)`;
}

/** The filter's conditions (its time range, then the rest) as one SQL condition. */
export function eventFilterSql(filter: EventFilter): Sql {
  const inRange = [sql`time >= ${timestamp(filter.from)}`, sql`time <= ${timestamp(filter.to)}`];
  return sql.join([...inRange, ...attributeConditions(filter)], " AND ");
}

/** `WHERE` and the filter's conditions. */
export function eventFilterWhere(filter: EventFilter): Sql {
  return sql`WHERE ${eventFilterSql(filter)}`;
}

/** Whether a filter names values of `field` (to include or to exclude). */
export function filtersField(filter: EventFilter, field: ListField): boolean {
  return filter[field].length > 0 || (filter.exclude[field]?.length ?? 0) > 0;
}

/** The fields whose values a filter names. */
export function filteredFields(filter: EventFilter): ListField[] {
  return LIST_FIELDS.filter((f) => filtersField(filter, f));
}

/**
 * The filter's conditions but its time range. They name columns `events` and
 * `event_counts` share, but for the fields event_counts does not keep (see
 * counted-events.ts) and `q`.
 */
export function attributeConditions(filter: EventFilter): Sql[] {
  const conditions: Sql[] = [];
  for (const field of LIST_FIELDS) {
    const included = filter[field];
    if (included.length > 0) conditions.push(anyOf(field, included));
    // An event without the field (no error code, no IP) is kept by an exclusion.
    const excluded = filter.exclude[field] ?? [];
    if (excluded.length > 0) conditions.push(sql`NOT ${anyOf(field, excluded)}`);
  }
  // A failed console sign-in has no errorCode, yet it failed.
  if (filter.error === "any") conditions.push(sql`(error_code IS NOT NULL OR sign_in_failed)`);
  if (filter.error === "none") conditions.push(sql`(error_code IS NULL AND NOT sign_in_failed)`);
  if (filter.readOnly !== null) conditions.push(sql`read_only = ${filter.readOnly}`);
  if (filter.crossAccount !== null) {
    // Both accounts known and different: a caller of another account (columns event_counts keeps too).
    const across = sql`coalesce(caller_account <> account, false)`;
    conditions.push(filter.crossAccount ? across : sql`NOT ${across}`);
  }
  if (filter.integrity.length > 0) {
    // The event's own file, or the file of another delivery (each delivery keeps its standing).
    const files = sql`SELECT file_id FROM file_integrity WHERE status IN (${sql.list(filter.integrity)})`;
    conditions.push(
      sql`(file_id IN (${files}) OR id IN (SELECT event_id FROM event_copies WHERE file_id IN (${files})))`,
    );
  }
  if (filter.q) {
    // The record's values, lowercased when stored (lib/cloudtrail/search-text.ts).
    const needle = filter.q.toLowerCase();
    const rarer = rarerNeedleStart(needle);
    // DuckDB evaluates the conjunction in order: the whole needle only where the rarer part is.
    if (rarer) conditions.push(sql`contains(search, ${rarer})`);
    conditions.push(sql`contains(search, ${needle})`);
  }
  return conditions;
}
