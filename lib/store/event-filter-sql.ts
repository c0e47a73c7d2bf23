import type { DuckDBValue } from "@duckdb/node-api";
import { FIELD_COLUMN, FIELD_MATCH, LIST_FIELDS, type ListField } from "../cloudtrail/fields";
import { parseIpMatch } from "../net/ip-match";
import type { EventFilter } from "../query/event-query";
import { rarerNeedleStart } from "./search-needle";

/**
 * A typed filter -> a parameterized WHERE clause. Column names come from the
 * field table (lib/cloudtrail/fields.ts) and the map below; every user value
 * travels as a bound parameter.
 */

/**
 * The SQL expression each filter field matches against (its FIELD_MATCH kind
 * decides how): its column, but where noted.
 */
const FIELD_SQL: Record<ListField, string> = {
  ...FIELD_COLUMN,
  sourceIp: "source_ip_num",
  userAgent: "lower(user_agent)",
  // ARNs and names (`bucket/key`) of the resources.
  resource: `lower(array_to_string(resource_names, ' ') || ' ' || array_to_string(resource_labels, ' '))`,
};

export interface SqlFragment {
  sql: string;
  params: DuckDBValue[];
}

export class WhereBuilder {
  private readonly clauses: string[] = [];
  readonly params: DuckDBValue[] = [];

  /** Adds a bound parameter and returns its placeholder. */
  param(value: DuckDBValue): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  add(clause: string): void {
    this.clauses.push(clause);
  }

  build(): SqlFragment {
    return {
      sql: this.clauses.length > 0 ? `WHERE ${this.clauses.join(" AND ")}` : "",
      params: this.params,
    };
  }
}

/** Timestamps are stored as UTC TIMESTAMP; ISO strings bind as text and are cast. */
export function timestampParam(where: WhereBuilder, iso: string): string {
  return `CAST(${where.param(iso.replace("Z", ""))} AS TIMESTAMP)`;
}

/** True when the row's field matches any of `values` (never NULL). */
function anyOf(where: WhereBuilder, field: ListField, values: string[]): string {
  const column = FIELD_SQL[field];
  switch (FIELD_MATCH[field]) {
    case "exact":
      return `coalesce(${column} IN (${values.map((v) => where.param(v)).join(", ")}), false)`;
    case "contains":
      return `coalesce(${values
        .map((v) => `contains(${column}, ${where.param(v.toLowerCase())})`)
        .join(" OR ")}, false)`;
    case "ip":
      return `coalesce(${values
        .map((v) => {
          const range = parseIpMatch(v);
          if (!range) throw new Error(`"${v}" is not an IP address or CIDR block`);
          const from = where.param(range.from.toString());
          const to = where.param(range.to.toString());
          return `${column} BETWEEN CAST(${from} AS UHUGEINT) AND CAST(${to} AS UHUGEINT)`;
        })
        .join(" OR ")}, false)`;
  }
}

/** The filter's conditions, open for more (a page's cursor) before `build()`. */
export function eventFilterBuilder(filter: EventFilter): WhereBuilder {
  const where = new WhereBuilder();
  where.add(eventFilterCondition(where, filter));
  return where;
}

/** The filter's conditions as one SQL condition, their parameters added to `where`. */
export function eventFilterCondition(where: WhereBuilder, filter: EventFilter): string {
  const from = timestampParam(where, filter.from);
  const to = timestampParam(where, filter.to);
  return [`time >= ${from}`, `time <= ${to}`, ...attributeClauses(where, filter)].join(" AND ");
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
 * The filter's conditions but its time range, with their parameters added to
 * `where`. They name columns `events` and `event_counts` share, but for the
 * fields event_counts does not keep (see counted-events.ts) and `q`.
 */
export function attributeClauses(where: WhereBuilder, filter: EventFilter): string[] {
  const clauses: string[] = [];
  for (const field of LIST_FIELDS) {
    const included = filter[field];
    if (included.length > 0) clauses.push(anyOf(where, field, included));
    // An event without the field (no error code, no IP) is kept by an exclusion.
    const excluded = filter.exclude[field] ?? [];
    if (excluded.length > 0) clauses.push(`NOT ${anyOf(where, field, excluded)}`);
  }
  // A failed console sign-in has no errorCode, yet it failed.
  if (filter.error === "any") clauses.push("(error_code IS NOT NULL OR sign_in_failed)");
  if (filter.error === "none") clauses.push("(error_code IS NULL AND NOT sign_in_failed)");
  if (filter.readOnly !== null) clauses.push(`read_only = ${where.param(filter.readOnly)}`);
  if (filter.crossAccount !== null) {
    // Both accounts known and different: a caller of another account (columns event_counts keeps too).
    const across = "coalesce(caller_account <> account, false)";
    clauses.push(filter.crossAccount ? across : `NOT ${across}`);
  }
  if (filter.q) {
    // The record's values, lowercased when stored (lib/cloudtrail/search-text.ts).
    const needle = filter.q.toLowerCase();
    const rarer = rarerNeedleStart(needle);
    // DuckDB evaluates the conjunction in order: the whole needle only where the rarer part is.
    if (rarer) clauses.push(`contains(search, ${where.param(rarer)})`);
    clauses.push(`contains(search, ${where.param(needle)})`);
  }
  return clauses;
}

export function eventFilterWhere(filter: EventFilter): SqlFragment {
  return eventFilterBuilder(filter).build();
}
