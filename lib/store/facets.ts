import type { DuckDBValue } from "@duckdb/node-api";
import type { EventFilter, ListField } from "../query/event-query";
import type { Store } from "./database";
import { eventFilterWhere } from "./event-filter-sql";

/**
 * Facets: the most frequent values of a field in the current view, with their
 * counts. Each field is counted with every filter but its own, so the values
 * one could switch to or add stay visible beside the ones chosen.
 */

export const FACET_FIELDS = [
  "category",
  "eventName",
  "eventSource",
  "principal",
  "principalType",
  "accessKeyId",
  "sourceIp",
  "region",
  "account",
  "errorCode",
  "userAgent",
] as const satisfies readonly ListField[];
export type FacetField = (typeof FACET_FIELDS)[number];

/** The stored value each facet groups by (the text, not the match expression). */
const FACET_COLUMN: Record<FacetField, string> = {
  category: "category",
  eventName: "event_name",
  eventSource: "event_source",
  principal: "principal",
  principalType: "principal_type",
  accessKeyId: "access_key_id",
  sourceIp: "source_ip",
  region: "region",
  account: "account",
  errorCode: "error_code",
  userAgent: "user_agent",
};

export interface FacetValue {
  value: string;
  count: number;
}

export interface Facet {
  values: FacetValue[];
  /** Distinct values in the view (more than `values` holds when it is cut at `top`). */
  distinct: number;
}

function withoutField(filter: EventFilter, field: FacetField): EventFilter {
  const { [field]: _dropped, ...exclude } = filter.exclude;
  return { ...filter, [field]: [], exclude };
}

async function countFacet(
  store: Store,
  filter: EventFilter,
  field: FacetField,
  top: number,
): Promise<Facet> {
  const column = FACET_COLUMN[field];
  const where = eventFilterWhere(withoutField(filter, field));
  const condition = `${where.sql ? `${where.sql} AND` : "WHERE"} ${column} IS NOT NULL`;
  const params: DuckDBValue[] = where.params;
  const rows = await store.query<{ value: string; n: string; distinct_values: string }>(
    `SELECT ${column} AS value, count(*)::VARCHAR AS n,
        (count(*) OVER ())::VARCHAR AS distinct_values
      FROM events ${condition}
      GROUP BY ${column}
      ORDER BY count(*) DESC, value
      LIMIT ${top}`,
    params,
  );
  return {
    values: rows.map((r) => ({ value: r.value, count: Number(r.n) })),
    distinct: Number(rows[0]?.distinct_values ?? 0),
  };
}

export async function queryFacets(
  store: Store,
  filter: EventFilter,
  fields: readonly FacetField[],
  top: number,
): Promise<Record<string, Facet>> {
  const counted = await Promise.all(fields.map((f) => countFacet(store, filter, f, top)));
  return Object.fromEntries(fields.map((f, i) => [f, counted[i]!]));
}
