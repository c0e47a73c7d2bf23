import type { DuckDBValue } from "@duckdb/node-api";
import type { Cursor, EventFilter, ListField } from "../query/event-query";

/**
 * A typed filter -> a parameterized WHERE clause. Column names come from the
 * fixed map below; every user value travels as a bound parameter.
 */

const LIST_COLUMNS: Record<ListField, string> = {
  category: "category",
  eventName: "event_name",
  eventSource: "event_source",
  principal: "principal",
  errorCode: "error_code",
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
function timestampParam(where: WhereBuilder, iso: string): string {
  return `CAST(${where.param(iso.replace("Z", ""))} AS TIMESTAMP)`;
}

export function eventFilterWhere(filter: EventFilter, cursor: Cursor | null = null): SqlFragment {
  const where = new WhereBuilder();
  where.add(`time >= ${timestampParam(where, filter.from)}`);
  where.add(`time <= ${timestampParam(where, filter.to)}`);
  for (const field of Object.keys(LIST_COLUMNS) as ListField[]) {
    const values = filter[field];
    if (values.length === 0) continue;
    const placeholders = values.map((v) => where.param(v)).join(", ");
    where.add(`${LIST_COLUMNS[field]} IN (${placeholders})`);
  }
  if (filter.q) {
    where.add(`contains(lower(raw), ${where.param(filter.q.toLowerCase())})`);
  }
  if (cursor) {
    const t = timestampParam(where, cursor.time);
    where.add(`(time < ${t} OR (time = ${t} AND id < ${where.param(cursor.id)}))`);
  }
  return where.build();
}
