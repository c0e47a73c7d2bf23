import { z } from "zod";
import type { EventCategory } from "../cloudtrail/event-schema";
import {
  eventField,
  FIELD_MATCH,
  LIST_FIELDS,
  type ListField,
  SORT_FIELDS,
  type SortField,
} from "../cloudtrail/fields";
import { parseIpMatch } from "../net/ip-match";

/**
 * The event filter and its URL form. The page URL and `/api/events` use the
 * same parameter names, so a view's address and its API address correspond.
 * Pure and isomorphic: the route handler, the page and the tests share it.
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

/** `-time` (default), `eventName`, `-errorCode`...: a field, `-` for descending. */
export function parseSort(raw: string): EventSort | null {
  const descending = raw.startsWith("-");
  const field = descending ? raw.slice(1) : raw;
  return (SORT_FIELDS as readonly string[]).includes(field)
    ? { field: field as SortField, descending }
    : null;
}

export function formatSort(sort: EventSort): string {
  return `${sort.descending ? "-" : ""}${sort.field}`;
}

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
}

/** Parameters the page puts in its URL that do not change the API's answer. */
export const PAGE_ONLY_PARAMS = ["event", "tz", "times", "by"] as const;
const KNOWN_PARAMS = new Set<string>([
  "from",
  "to",
  "q",
  "error",
  "readOnly",
  "sort",
  "limit",
  "cursor",
  "raw",
  "wait",
  "confirm",
  ...LIST_FIELDS,
  ...LIST_FIELDS.map((f) => `-${f}`),
  ...PAGE_ONLY_PARAMS,
]);

/** ISO 8601 date or date-time (with Z or an offset); returned as UTC ISO. */
export const isoInstantSchema = z.string().transform((value, ctx) => {
  const ok = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(
    value,
  );
  const millis = ok ? Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value) : NaN;
  if (Number.isNaN(millis)) {
    ctx.addIssue({
      code: "custom",
      message: `"${value}" is not an ISO 8601 time (e.g. 2026-11-04T02:00:00Z)`,
    });
    return z.NEVER;
  }
  return new Date(millis).toISOString();
});

const listValueSchema = z.string().trim().max(2000, "is longer than 2000 characters");

export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: string[] };

export function parseEventQuery(
  params: URLSearchParams,
  defaultRange: TimeRange,
): ParseResult<EventQuery> {
  const errors: string[] = [];

  for (const key of new Set(params.keys())) {
    if (!KNOWN_PARAMS.has(key)) {
      errors.push(`unknown parameter "${key}" (known: ${[...KNOWN_PARAMS].join(", ")})`);
    }
  }

  const single = (key: string): string | undefined => {
    const values = params.getAll(key);
    if (values.length > 1) errors.push(`"${key}" may be given only once`);
    return values[0];
  };

  const instant = (key: "from" | "to", fallback: string): string => {
    const raw = single(key);
    if (raw === undefined || raw === "") return fallback;
    const parsed = isoInstantSchema.safeParse(raw);
    if (!parsed.success) {
      errors.push(`"${key}": ${parsed.error.issues[0]?.message ?? "invalid"}`);
      return fallback;
    }
    return parsed.data;
  };

  const hasFrom = Boolean(params.get("from"));
  const hasTo = Boolean(params.get("to"));
  let from = instant("from", defaultRange.from);
  let to = instant("to", defaultRange.to);
  // Only one end given: keep the default range's width on the other side.
  const width = Date.parse(defaultRange.to) - Date.parse(defaultRange.from);
  if (hasFrom && !hasTo) to = new Date(Date.parse(from) + width).toISOString();
  if (hasTo && !hasFrom) from = new Date(Date.parse(to) - width).toISOString();
  if (Date.parse(from) > Date.parse(to)) errors.push(`"from" (${from}) is after "to" (${to})`);

  const allowed = (field: ListField) => eventField(field).filter?.values;
  const list = (field: ListField, negated = false): string[] => {
    const key = negated ? `-${field}` : field;
    const values: string[] = [];
    for (const raw of params.getAll(key)) {
      if (raw.trim() === "") continue;
      const parsed = listValueSchema.safeParse(raw);
      if (!parsed.success) {
        errors.push(`"${key}" ${parsed.error.issues[0]?.message ?? "is invalid"}`);
      } else if (allowed(field) && !allowed(field)!.includes(parsed.data)) {
        errors.push(`"${key}" must be one of ${allowed(field)!.join(", ")}; got "${parsed.data}"`);
      } else if (FIELD_MATCH[field] === "ip" && parseIpMatch(parsed.data) === null) {
        errors.push(
          `"${key}": "${parsed.data}" is not an IP address or CIDR block (e.g. 203.0.113.7, 10.0.0.0/8, 2001:db8::/32)`,
        );
      } else values.push(parsed.data);
    }
    return [...new Set(values)];
  };
  const included = Object.fromEntries(LIST_FIELDS.map((f) => [f, list(f)])) as {
    [F in ListField]: string[];
  };
  const exclude: EventFilter["exclude"] = {};
  for (const field of LIST_FIELDS) {
    const values = list(field, true);
    if (values.length > 0) exclude[field] = values;
  }

  const errorRaw = single("error");
  let error: EventFilter["error"] = null;
  if (errorRaw) {
    if ((ERROR_STATES as readonly string[]).includes(errorRaw)) error = errorRaw as "any" | "none";
    else
      errors.push(
        `"error" must be any (failed calls) or none (successful ones); got "${errorRaw}"`,
      );
  }
  const readOnlyRaw = single("readOnly");
  let readOnly: boolean | null = null;
  if (readOnlyRaw) {
    if (readOnlyRaw === "true" || readOnlyRaw === "false") readOnly = readOnlyRaw === "true";
    else errors.push(`"readOnly" must be true (reads) or false (changes); got "${readOnlyRaw}"`);
  }

  const qRaw = single("q")?.trim();
  if (qRaw && qRaw.length > 2000) errors.push(`"q" is longer than 2000 characters`);

  let limit = DEFAULT_LIMIT;
  const limitRaw = single("limit");
  if (limitRaw !== undefined && limitRaw !== "") {
    const n = Number(limitRaw);
    if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT) {
      errors.push(`"limit" must be an integer from 1 to ${MAX_LIMIT}; got "${limitRaw}"`);
    } else limit = n;
  }

  const sortRaw = single("sort");
  const sort = sortRaw ? parseSort(sortRaw) : DEFAULT_SORT;
  if (!sort) {
    errors.push(
      `"sort" must be one of ${SORT_FIELDS.join(", ")} (a leading - sorts descending); got "${sortRaw}"`,
    );
  }

  const cursor = single("cursor") || null;
  const decoded = cursor !== null ? decodeCursor(cursor) : null;
  if (cursor !== null && decoded === null) {
    errors.push(`"cursor" is not a cursor returned by this API`);
  } else if (decoded && sort && (decoded.key === undefined) !== (sort.field === "time")) {
    errors.push(`"cursor" belongs to another sort order: start again without it`);
  }

  const flag = (key: "wait" | "confirm" | "raw"): boolean => {
    const raw = single(key);
    if (raw !== undefined && !["0", "1", "true", "false", ""].includes(raw)) {
      errors.push(`"${key}" must be 1 or 0; got "${raw}"`);
    }
    return raw === "1" || raw === "true";
  };
  const wait = flag("wait");
  const confirm = flag("confirm");
  // Records are included unless `raw=0` (or false) says otherwise.
  const records = flag("raw") || !["0", "false"].includes(single("raw") ?? "");

  if (errors.length > 0 || !sort) return { ok: false, errors };
  return {
    ok: true,
    value: {
      filter: {
        from,
        to,
        ...included,
        category: included.category as EventCategory[],
        exclude,
        error,
        readOnly,
        q: qRaw ? qRaw : null,
      },
      sort,
      limit,
      cursor,
      records,
      wait,
      confirm,
    },
  };
}

/**
 * The filter of an endpoint that answers the whole view (export, facets): its
 * own parameters are left to it, and paging is refused with `pagingRefusal`.
 */
export function parseWholeViewQuery(
  params: URLSearchParams,
  defaultRange: TimeRange,
  ownParams: readonly string[],
  pagingRefusal: string,
): ParseResult<EventQuery> {
  const errors: string[] = [];
  for (const key of ["limit", "cursor"]) {
    if (params.has(key)) errors.push(`"${key}" ${pagingRefusal}`);
  }
  const filterParams = new URLSearchParams(params);
  for (const key of ownParams) filterParams.delete(key);
  const parsed = parseEventQuery(filterParams, defaultRange);
  if (!parsed.ok) errors.push(...parsed.errors);
  return errors.length > 0 ? { ok: false, errors } : parsed;
}

/** The URL parameters of a filter (the inverse of parseEventQuery for the filter part). */
export function eventFilterToParams(filter: Partial<EventFilter>): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.from) params.set("from", filter.from);
  if (filter.to) params.set("to", filter.to);
  for (const field of LIST_FIELDS) {
    for (const value of filter[field] ?? []) params.append(field, value);
  }
  for (const field of LIST_FIELDS) {
    for (const value of filter.exclude?.[field] ?? []) params.append(`-${field}`, value);
  }
  if (filter.error) params.set("error", filter.error);
  if (filter.readOnly !== null && filter.readOnly !== undefined) {
    params.set("readOnly", String(filter.readOnly));
  }
  if (filter.q) params.set("q", filter.q);
  return params;
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
