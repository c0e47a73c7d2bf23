import type { IntegrityStatus } from "../integrity/integrity-schema";
import { z } from "zod";
import type { EventCategory } from "../cloudtrail/event-schema";
import { LIST_FIELDS, type ListField, type SortField } from "../cloudtrail/fields";

/**
 * What a view asks of the store: the event filter, the sort, the page and its
 * cursor. Their URL form is parsed in lib/query/view-params.ts. Pure and
 * isomorphic: the store, the sources, the routes and the page share it.
 */

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

export interface TimeRange {
  from: string;
  to: string;
}

/**
 * Filter fields (LIST_FIELDS, lib/cloudtrail/fields.ts) take several values:
 * repeated parameters are OR within a field and fields AND together;
 * `-field=value` excludes instead (`-eventName=ListUsers`).
 */

export const ERROR_STATES = ["any", "none"] as const;

export type EventFilter = TimeRange & {
  [F in Exclude<ListField, "category">]: string[];
} & {
  category: EventCategory[];
  /** Values excluded, per field. */
  exclude: Partial<Record<ListField, string[]>>;
  /** `any`: only failed calls; `none`: only successful ones. Codes: `errorCode`. */
  error: (typeof ERROR_STATES)[number] | null;
  readOnly: boolean | null;
  /**
   * `true`: only calls from another account than the one that logged them
   * (callerAccount differs from account); `false`: only calls from within.
   */
  crossAccount: boolean | null;
  /**
   * Only events with a delivery (the file it was read from) of one of these
   * standings against the digests (lib/integrity/integrity-schema.ts).
   */
  integrity: IntegrityStatus[];
  /** Free text searched in the whole record. */
  q: string | null;
};

/** A filter with nothing but a time range. */
export function emptyFilter(range: TimeRange): EventFilter {
  const lists = Object.fromEntries(LIST_FIELDS.map((f) => [f, []])) as unknown as {
    [F in ListField]: F extends "category" ? EventCategory[] : string[];
  };
  return {
    from: range.from,
    to: range.to,
    ...lists,
    exclude: {},
    error: null,
    readOnly: null,
    crossAccount: null,
    integrity: [],
    q: null,
  };
}

/**
 * The table sorts by a sortable field (SORT_FIELDS) on the server. Within
 * equal values the newest event comes first; events without the value come
 * last either way.
 */
export interface EventSort {
  field: SortField;
  descending: boolean;
}

/** Newest first. */
export const DEFAULT_SORT: EventSort = { field: "time", descending: true };

export interface EventQuery {
  filter: EventFilter;
  sort: EventSort;
  limit: number;
  cursor: string | null;
  /** False (`raw=0`): rows without their records, but Insights' (see eventListRowSchema). */
  records: boolean;
  /** Wait until the sources have finished loading the range. */
  wait: boolean;
  /** Go ahead with a load large enough to need confirmation. */
  confirm: boolean;
  /**
   * `view`: through an Athena search (lib/athena), as a range too large to load
   * goes anyway; `run`: and start that search now (confirming its cost, or
   * again after it failed). Null: Athena only for a range too large to load.
   */
  athena: "view" | "run" | null;
}

/**
 * Keyset cursor: the (time, id) of the last row of the previous page, and its
 * sort key when the page is sorted by another column.
 */
export interface Cursor {
  time: string;
  id: string;
  key?: string;
}

const cursorSchema = z.object({
  t: z.iso.datetime(),
  i: z.string().min(1),
  k: z.string().optional(),
});

function base64UrlEncode(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function base64UrlDecode(text: string): string | null {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return null;
  try {
    const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch (error) {
    if (error instanceof DOMException) return null;
    throw error;
  }
}

export function encodeCursor(cursor: Cursor): string {
  return base64UrlEncode(JSON.stringify({ t: cursor.time, i: cursor.id, k: cursor.key }));
}

export function decodeCursor(text: string): Cursor | null {
  const json = base64UrlDecode(text);
  if (json === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    if (error instanceof SyntaxError) return null;
    throw error;
  }
  const parsed = cursorSchema.safeParse(value);
  if (!parsed.success) return null;
  const { t, i, k } = parsed.data;
  return k === undefined ? { time: t, id: i } : { time: t, id: i, key: k };
}
