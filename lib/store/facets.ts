import type { DuckDBValue } from "@duckdb/node-api";
import { type EventFilter, LIST_FIELDS } from "../query/event-query";
import type { Store } from "./database";
import { countedEventsSql } from "./counted-events";
import { type ColumnField, eventFilterWhere, FIELD_COLUMN } from "./event-filter-sql";

/**
 * Facets: the most frequent values of a field in the current view, with their
 * counts. Each field is counted with every filter but its own, so the values
 * one could switch to or add stay visible beside the ones chosen.
 */

/** Every field with a stored text column can be counted. */
export type FacetField = ColumnField;
export const FACET_FIELDS = LIST_FIELDS.filter((f): f is FacetField => f !== "resource");

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

/** Counts facets that share one filter; several are counted from one pass over the matching rows. */
async function countFacets(
  store: Store,
  filter: EventFilter,
  fields: readonly FacetField[],
  top: number,
): Promise<Map<FacetField, Facet>> {
  if (fields.length === 1) return countOneFacet(store, filter, fields[0]!, top);
  const where = eventFilterWhere(filter);
  const columns = [...new Set(fields.map((f) => FIELD_COLUMN[f]))];
  const groups = fields.map(
    (f, i) =>
      `SELECT ${i} AS field, ${FIELD_COLUMN[f]} AS value, count(*) AS n
         FROM view WHERE ${FIELD_COLUMN[f]} IS NOT NULL GROUP BY ${FIELD_COLUMN[f]}`,
  );
  const rows = await store.query<{ field: number; value: string; n: string; groups: string }>(
    `WITH view AS ${fields.length > 1 ? "MATERIALIZED" : ""} (SELECT ${columns.join(", ")} FROM events ${where.sql}),
       counted AS (${groups.join(" UNION ALL ")}),
       ranked AS (
         SELECT field, value, n,
           row_number() OVER (PARTITION BY field ORDER BY n DESC, value) AS rank,
           count(*) OVER (PARTITION BY field) AS groups
         FROM counted)
     SELECT field, value, n::VARCHAR AS n, groups::VARCHAR AS groups
     FROM ranked WHERE rank <= ${top} ORDER BY field, rank`,
    where.params as DuckDBValue[],
  );
  const out = new Map<FacetField, Facet>(fields.map((f) => [f, { values: [], distinct: 0 }]));
  for (const row of rows) {
    const facet = out.get(fields[Number(row.field)]!)!;
    facet.values.push({ value: row.value, count: Number(row.n) });
    facet.distinct = Number(row.groups);
  }
  return out;
}

/**
 * One field: a top-N over the groups (a heap), not a window over all of them
 * (a sort): 3× faster for fields with many values, such as source IPs. Counted
 * from event_counts over whole hours where it keeps the field (counted-events.ts).
 */
async function countOneFacet(
  store: Store,
  filter: EventFilter,
  field: FacetField,
  top: number,
): Promise<Map<FacetField, Facet>> {
  const column = FIELD_COLUMN[field];
  const counted = countedEventsSql(filter, [column]);
  const rows = await store.query<{ value: string; n_text: string; groups: string }>(
    `WITH counted AS (
       SELECT ${column} AS value, sum(n) AS n FROM ${counted.sql}
       WHERE ${column} IS NOT NULL GROUP BY ${column})
     SELECT value, n::VARCHAR AS n_text, (SELECT count(*) FROM counted)::VARCHAR AS groups
     FROM counted ORDER BY n DESC, value LIMIT ${top}`,
    counted.params as DuckDBValue[],
  );
  return new Map([
    [
      field,
      {
        values: rows.map((r) => ({ value: r.value, count: Number(r.n_text) })),
        distinct: Number(rows[0]?.groups ?? 0),
      },
    ],
  ]);
}

export async function queryFacets(
  store: Store,
  filter: EventFilter,
  fields: readonly FacetField[],
  top: number,
): Promise<Record<string, Facet>> {
  // A free-text search reads every record: then the fields that share the view's filter
  // (no filter of their own) are counted from one pass. Otherwise a query per field is faster.
  const own = (f: FacetField) => filter[f].length > 0 || (filter.exclude[f]?.length ?? 0) > 0;
  const shared = filter.q ? fields.filter((f) => !own(f)) : [];
  const separate = fields.filter((f) => !shared.includes(f));
  const counted = await Promise.all([
    shared.length > 0 ? countFacets(store, filter, shared, top) : new Map<FacetField, Facet>(),
    ...separate.map((f) => countFacets(store, withoutField(filter, f), [f], top)),
  ]);
  const all = new Map(counted.flatMap((m) => [...m]));
  return Object.fromEntries(fields.map((f) => [f, all.get(f)!]));
}
