import { FIELD_COLUMN, type FacetField } from "../cloudtrail/fields";
import type { EventFilter } from "../query/event-query";
import type { Store } from "./database";
import { countedEventsSql, countsCover, isCounted } from "./counted-events";
import { filtersField } from "./event-filter-sql";
import { type Sql, sql } from "./sql";

/**
 * Facets: the most frequent values of a field in the current view, with their
 * counts. Each field is counted with every filter but its own, so the values
 * one could switch to or add stay visible beside the ones chosen.
 */

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

/**
 * Counts facets that share one filter in one statement: one pass over the
 * matching rows (counted rows where event_counts keeps every field: see
 * countedEventsSql), grouped by each field (grouping sets), ranked per field.
 */
export function facetsSql(filter: EventFilter, fields: readonly FacetField[], top: number): Sql {
  const columns = fields.map((f) => FIELD_COLUMN[f]);
  // One hash aggregate per field over one scan: no copy of the matching rows.
  const field = sql.raw(
    `CASE ${columns.map((c, i) => `WHEN grouping(${c}) = 0 THEN ${i}`).join(" ")} END`,
  );
  const value = sql.raw(
    `CASE ${columns.map((c) => `WHEN grouping(${c}) = 0 THEN ${c}`).join(" ")} END`,
  );
  const sets = sql.raw(columns.map((c) => `(${c})`).join(", "));
  return sql`WITH counted AS (
       SELECT ${field} AS field, ${value} AS value, sum(n) AS n
       FROM ${countedEventsSql(filter, columns)} GROUP BY GROUPING SETS (${sets})),
     ranked AS (
       SELECT field, value, n,
         row_number() OVER (PARTITION BY field ORDER BY n DESC, value) AS rank,
         count(*) OVER (PARTITION BY field) AS groups
       FROM counted WHERE value IS NOT NULL)
     SELECT field, value, n::VARCHAR AS n, groups::VARCHAR AS groups
     FROM ranked WHERE rank <= ${sql.number(top)} ORDER BY field, rank`;
}

/** Runs facetsSql: each field's top values and how many values it has. */
async function countFacets(
  store: Store,
  filter: EventFilter,
  fields: readonly FacetField[],
  top: number,
): Promise<Map<FacetField, Facet>> {
  if (fields.length === 1) return countOneFacet(store, filter, fields[0]!, top);
  const rows = await store.query<{ field: number; value: string; n: string; groups: string }>(
    facetsSql(filter, fields, top),
    "summaries",
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
export function oneFacetSql(
  filter: EventFilter,
  field: FacetField,
  top: number,
  contains: string | null = null,
): Sql {
  const name = FIELD_COLUMN[field];
  const column = sql.raw(name);
  const matching = contains
    ? sql` AND contains(lower(${column}), ${contains.toLowerCase()})`
    : sql``;
  return sql`WITH counted AS (
       SELECT ${column} AS value, sum(n) AS n FROM ${countedEventsSql(filter, [name])}
       WHERE ${column} IS NOT NULL${matching} GROUP BY ${column})
     SELECT value, n::VARCHAR AS n_text, (SELECT count(*) FROM counted)::VARCHAR AS groups
     FROM counted ORDER BY n DESC, value LIMIT ${sql.number(top)}`;
}

/** Runs oneFacetSql. */
async function countOneFacet(
  store: Store,
  filter: EventFilter,
  field: FacetField,
  top: number,
  contains: string | null = null,
): Promise<Map<FacetField, Facet>> {
  const rows = await store.query<{ value: string; n_text: string; groups: string }>(
    oneFacetSql(filter, field, top, contains),
    "summaries",
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

/** Fields with so many values (source IPs) that ranking them all costs more than a pass of their own. */
const OWN_PASS: ReadonlySet<FacetField> = new Set(["sourceIp"]);

/**
 * The facets of a view. Each field is counted with every filter but its own,
 * so the fields without a filter of their own share the view's filter, and
 * are counted together: from one pass over counted rows when event_counts
 * answers for the filter (the fields it does not keep read the events apart,
 * so the others stay cheap), else from one pass over the events. A field
 * with a filter of its own, or with many values, is counted alone, and so is
 * every field when only values containing `contains` (any case) are asked for
 * (a search inside a facet).
 */
export async function queryFacets(
  store: Store,
  filter: EventFilter,
  fields: readonly FacetField[],
  top: number,
  contains: string | null = null,
): Promise<Record<string, Facet>> {
  const own = (f: FacetField) => filtersField(filter, f);
  const alone = fields.filter((f) => own(f) || OWN_PASS.has(f) || contains !== null);
  let shared = fields.filter((f) => !alone.includes(f));
  if (countsCover(filter)) {
    alone.push(...shared.filter((f) => !isCounted(FIELD_COLUMN[f])));
    shared = shared.filter((f) => isCounted(FIELD_COLUMN[f]));
  }
  const counted = await Promise.all([
    shared.length > 0 ? countFacets(store, filter, shared, top) : new Map<FacetField, Facet>(),
    ...alone.map((f) =>
      countOneFacet(store, own(f) ? withoutField(filter, f) : filter, f, top, contains),
    ),
  ]);
  const all = new Map(counted.flatMap((m) => [...m]));
  return Object.fromEntries(fields.map((f) => [f, all.get(f)!]));
}
