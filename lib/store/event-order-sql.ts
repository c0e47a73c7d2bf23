import type { Cursor, EventSort } from "../query/event-query";
import { FIELD_COLUMN } from "../cloudtrail/fields";
import { timestampParam, type WhereBuilder } from "./event-filter-sql";

/**
 * A sort order -> ORDER BY and the keyset condition that continues after a
 * cursor. Sorting by a column keeps the newest first within equal values.
 */

/**
 * The sort key of a text column. Missing values sort last both ways: a high
 * sentinel ascending, the empty string descending.
 */
export function sortKeySql(sort: EventSort): string | null {
  if (sort.field === "time") return null;
  const column = FIELD_COLUMN[sort.field];
  return sort.descending ? `coalesce(${column}, '')` : `coalesce(${column}, '\uffff')`;
}

/** `keyAlias`: the sort key was selected under that name (ordering the selected rows again). */
export function orderBySql(sort: EventSort, keyAlias?: string): string {
  const key = sortKeySql(sort) && (keyAlias ?? sortKeySql(sort));
  if (!key) return sort.descending ? "time DESC, id DESC" : "time ASC, id ASC";
  return `${key} ${sort.descending ? "DESC" : "ASC"}, time DESC, id DESC`;
}

/** Rows strictly after the cursor in the sort order. */
export function afterCursorSql(where: WhereBuilder, sort: EventSort, cursor: Cursor): string {
  const t = timestampParam(where, cursor.time);
  const id = where.param(cursor.id);
  const key = sortKeySql(sort);
  if (!key) {
    const op = sort.descending ? "<" : ">";
    return `(time ${op} ${t} OR (time = ${t} AND id ${op} ${id}))`;
  }
  const k = where.param(cursor.key ?? "");
  const op = sort.descending ? "<" : ">";
  return `(${key} ${op} ${k} OR (${key} = ${k} AND (time < ${t} OR (time = ${t} AND id < ${id}))))`;
}
