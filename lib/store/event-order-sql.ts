import type { Cursor, EventSort } from "../query/event-query";
import { FIELD_COLUMN } from "../cloudtrail/fields";
import { type Sql, sql, timestamp } from "./sql";

/**
 * A sort order -> ORDER BY and the keyset condition that continues after a
 * cursor. Sorting by a column keeps the newest first within equal values.
 */

/**
 * The sort key of a text column. Missing values sort last both ways: a high
 * sentinel ascending, the empty string descending.
 */
export function sortKeySql(sort: EventSort): Sql | null {
  if (sort.field === "time") return null;
  const column = FIELD_COLUMN[sort.field];
  return sql.raw(sort.descending ? `coalesce(${column}, '')` : `coalesce(${column}, '\uffff')`);
}

/** `keyAlias`: the sort key was selected under that name (ordering the selected rows again). */
export function orderBySql(sort: EventSort, keyAlias?: string): Sql {
  const direction = sql.raw(sort.descending ? "DESC" : "ASC");
  const key = sortKeySql(sort);
  if (!key) return sql`time ${direction}, id ${direction}`;
  return sql`${keyAlias ? sql.raw(keyAlias) : key} ${direction}, time DESC, id DESC`;
}

/** Rows strictly after the cursor in the sort order. */
export function afterCursorSql(sort: EventSort, cursor: Cursor): Sql {
  const op = sql.raw(sort.descending ? "<" : ">");
  const t = timestamp(cursor.time);
  const id = sql.param(cursor.id);
  const key = sortKeySql(sort);
  if (!key) return sql`(time ${op} ${t} OR (time = ${t} AND id ${op} ${id}))`;
  const k = sql.param(cursor.key ?? "");
  return sql`(${key} ${op} ${k} OR (${key} = ${k} AND (time < ${t} OR (time = ${t} AND id < ${id}))))`;
}
