import { INTEGRITY_STATUSES } from "../integrity/integrity-schema";
import { z } from "zod";
import type { EventCategory } from "../cloudtrail/event-schema";
import {
  eventField,
  FACET_FIELDS,
  type FacetField,
  FIELD_MATCH,
  LIST_FIELDS,
  type ListField,
  SORT_FIELDS,
  type SortField,
} from "../cloudtrail/fields";
import { parseIpMatch } from "../net/ip-match";
import {
  decodeCursor,
  DEFAULT_LIMIT,
  DEFAULT_SORT,
  ERROR_STATES,
  type EventFilter,
  type EventQuery,
  type EventSort,
  MAX_LIMIT,
  type TimeRange,
} from "./event-query";

/**
 * A view's URL parameters, parsed by zod: the page's address and the API's
 * (`/api/events`, `/api/facets`, `/api/export`, `/api/summary`) use the same
 * names, so a view's address and its API address correspond. The routes, the
 * permalink page and the browser's URL state (components/events/search-params.ts)
 * share these schemas. Every bad parameter is reported at once, named as in the
 * URL. Pure and isomorphic.
 */

export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: string[] };

/**
 * A refused parameter: which (null: none in particular) and what is wrong,
 * worded with a `name` for each parameter it names: the API quotes them as
 * the URL spells them (`"sourceIp"`), the page says their labels ("Source IP").
 */
export interface ParamIssue {
  param: string | null;
  say(name: (param: string) => string): string;
  /** What the API adds in parentheses (the parameters it knows); the page leaves it out. */
  hint?: string;
}

/** How the API names a parameter in its messages. */
export const quotedParam = (param: string): string => `"${param}"`;

/** A view's parameters parsed, or refused with every issue (and the API's messages of them). */
export type ViewParseResult<T> =
  { ok: true; value: T } | { ok: false; issues: ParamIssue[]; errors: string[] };

function refused(issues: ParamIssue[]): { ok: false; issues: ParamIssue[]; errors: string[] } {
  const errors = issues.map((i) => `${i.say(quotedParam)}${i.hint ? ` (${i.hint})` : ""}`);
  return { ok: false, issues, errors };
}

/**
 * Stands for the parameter's name at the start of a zod message (`${SUBJECT}
 * must be...`): the message names its parameter however the reader names it.
 */
const SUBJECT = "\u0000";

/** How a yes/no filter (`readOnly`, `crossAccount`) is written in the URL. */
export const BOOLEAN_TEXTS = ["true", "false"] as const;

/** Parameters the page puts in its URL that do not change the API's answer. */
export const PAGE_ONLY_PARAMS = ["event", "tz", "times", "by"] as const;

/** `YYYY-MM-DD` names a day of the calendar (Date.parse takes 2026-02-30 as March 2). */
function isCalendarDate(date: string): boolean {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const day = new Date(0);
  // setUTCFullYear, not Date.UTC: that one reads the years 0 to 99 as 1900 to 1999.
  day.setUTCFullYear(y, m - 1, d);
  return day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
}

/** ISO 8601 date or date-time (with Z or an offset); returned as UTC ISO. */
export const isoInstantSchema = z.string().transform((value, ctx) => {
  const ok = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(
    value,
  );
  const millis =
    ok && isCalendarDate(value.slice(0, 10))
      ? Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value)
      : NaN;
  if (Number.isNaN(millis)) {
    ctx.addIssue({
      code: "custom",
      message: `"${value}" is not an ISO 8601 time (e.g. 2026-11-04T02:00:00Z)`,
    });
    return z.NEVER;
  }
  return new Date(millis).toISOString();
});

/** CloudTrail began in November 2013: no trail holds older events. */
export const EARLIEST_YEAR = 2013;
/** The widest range one view may ask for: what a request lists and reads stays bounded (#22). */
export const MAX_RANGE_DAYS = 366;
/** How far past now a range may end (clocks differ; nothing is delivered from the future). */
const FUTURE_SLACK_MS = 86_400_000;
const DAY_MS = 86_400_000;

/** What is wrong with a range a view asks for; empty when nothing. */
export function rangeIssues(from: string, to: string, now = Date.now()): ParamIssue[] {
  const start = Date.parse(from);
  const end = Date.parse(to);
  if (start > end) {
    return [
      { param: "from", say: (name) => `${name("from")} (${from}) is after ${name("to")} (${to})` },
    ];
  }
  const issues: ParamIssue[] = [];
  if (new Date(start).getUTCFullYear() < EARLIEST_YEAR) {
    issues.push({
      param: "from",
      say: (name) =>
        `${name("from")} (${from}) is before ${EARLIEST_YEAR}: CloudTrail began in November 2013 and holds nothing older`,
    });
  }
  if (end > now + FUTURE_SLACK_MS) {
    issues.push({
      param: "to",
      say: (name) =>
        `${name("to")} (${to}) is more than a day after now: nothing is delivered from the future`,
    });
  }
  if (issues.length === 0 && end - start > MAX_RANGE_DAYS * DAY_MS) {
    const days = Math.ceil((end - start) / DAY_MS);
    issues.push({
      param: "from",
      say: (name) =>
        `the range is ${days} days wide; at most ${MAX_RANGE_DAYS} days can be viewed at once: move ${name("from")} or ${name("to")} closer`,
    });
  }
  return issues;
}

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

/** Every value given for each parameter, as URLSearchParams hold them. */
function allValues(params: URLSearchParams): Record<string, string[]> {
  const values: Record<string, string[]> = {};
  for (const [key, value] of params) (values[key] ??= []).push(value);
  return values;
}

/**
 * A parameter given at most once; absent or empty (as an HTML form sends an
 * empty field) is undefined.
 */
function once<T extends z.ZodType<unknown, string>>(key: string, value: T) {
  return z
    .array(z.string())
    .max(1, `${SUBJECT} may be given only once`)
    .optional()
    .transform((values) => (values?.[0] ? values[0] : undefined))
    .pipe(value.optional());
}

/** A text parameter read by `parse`, which answers null for a value it refuses. */
function parsedBy<T>(parse: (raw: string) => T | null, message: (raw: string) => string) {
  return z.string().transform((raw, ctx) => {
    const value = parse(raw);
    if (value !== null) return value;
    ctx.addIssue({ code: "custom", message: message(raw) });
    return z.NEVER;
  });
}

/** An integer from 1 to `max`. */
function integerFrom1To(key: string, max: number) {
  return parsedBy(
    (raw) => {
      const n = Number(raw);
      return Number.isInteger(n) && n >= 1 && n <= max ? n : null;
    },
    (raw) => `${SUBJECT} must be an integer from 1 to ${max}; got "${raw}"`,
  );
}

/** A flag: 1/true or 0/false. */
function flag(key: string) {
  return once(
    key,
    z.enum(["0", "1", "true", "false"], {
      error: (i) => `${SUBJECT} must be 1 or 0; got "${String(i.input)}"`,
    }),
  );
}

/** One value of a list field (`key` is `field` or `-field`), checked as the field takes it. */
function listValue(key: string, field: ListField) {
  const allowed = eventField(field).filter?.values;
  return z
    .string()
    .trim()
    .max(2000, `${SUBJECT} is longer than 2000 characters`)
    .refine((v) => !allowed || allowed.includes(v), {
      error: (i) => `${SUBJECT} must be one of ${allowed!.join(", ")}; got "${String(i.input)}"`,
      abort: true,
    })
    .refine((v) => FIELD_MATCH[field] !== "ip" || parseIpMatch(v) !== null, {
      error: (i) =>
        `"${String(i.input)}" is not an IP address or CIDR block (e.g. 203.0.113.7, 10.0.0.0/8, 2001:db8::/32)`,
    });
}

/** A list field's values: repeated, empty ones ignored, each once. */
function listValues(key: string, field: ListField) {
  return z
    .array(z.string())
    .default([])
    .transform((values) => values.filter((v) => v.trim() !== ""))
    .pipe(z.array(listValue(key, field)))
    .transform((values) => [...new Set(values)]);
}

const listShape = Object.fromEntries(
  LIST_FIELDS.flatMap((f) => [
    [f, listValues(f, f)],
    [`-${f}`, listValues(`-${f}`, f)],
  ]),
) as Record<ListField | `-${ListField}`, ReturnType<typeof listValues>>;

const pageOnlyShape = Object.fromEntries(
  PAGE_ONLY_PARAMS.map((key) => [key, z.array(z.string()).optional()]),
) as Record<(typeof PAGE_ONLY_PARAMS)[number], z.ZodOptional<z.ZodArray<z.ZodString>>>;

/** The parameters of `/api/events` (and of the page's URL), each checked on its own. */
const eventParamsSchema = z.strictObject({
  from: once("from", isoInstantSchema),
  to: once("to", isoInstantSchema),
  ...listShape,
  error: once(
    "error",
    z.enum(ERROR_STATES, {
      error: (i) =>
        `${SUBJECT} must be any (failed calls) or none (successful ones); got "${String(i.input)}"`,
    }),
  ),
  crossAccount: once(
    "crossAccount",
    z.enum(BOOLEAN_TEXTS, {
      error: (i) =>
        `${SUBJECT} must be true (calls from other accounts) or false (calls from within); got "${String(i.input)}"`,
    }),
  ),
  integrity: z
    .array(
      z.enum(INTEGRITY_STATUSES, {
        error: (i) =>
          `${SUBJECT} must be verified, modified, unverified or uncovered; got "${String(i.input)}"`,
      }),
    )
    .default([])
    .transform((values) => [...new Set(values)]),
  readOnly: once(
    "readOnly",
    z.enum(BOOLEAN_TEXTS, {
      error: (i) => `${SUBJECT} must be true (reads) or false (changes); got "${String(i.input)}"`,
    }),
  ),
  q: once("q", z.string().trim().max(2000, `${SUBJECT} is longer than 2000 characters`)),
  sort: once(
    "sort",
    parsedBy(
      parseSort,
      (raw) =>
        `${SUBJECT} must be one of ${SORT_FIELDS.join(", ")} (a leading - sorts descending); got "${raw}"`,
    ),
  ),
  limit: once("limit", integerFrom1To("limit", MAX_LIMIT)),
  cursor: once(
    "cursor",
    parsedBy(
      (raw) => (decodeCursor(raw) ? raw : null),
      () => `${SUBJECT} is not a cursor returned by this API`,
    ),
  ),
  raw: flag("raw"),
  wait: flag("wait"),
  confirm: flag("confirm"),
  athena: once(
    "athena",
    z.enum(["1", "run"], {
      error: (i) =>
        `${SUBJECT} must be 1 (search through Athena) or run (start that search now); got "${String(i.input)}"`,
    }),
  ),
  ...pageOnlyShape,
});

const KNOWN_PARAMS = Object.keys(eventParamsSchema.shape);

/** A zod issue of a parameter: its message led by the parameter's name (SUBJECT, or `name: `). */
function paramIssue(issue: z.core.$ZodIssue, param: string | null): ParamIssue {
  const { message } = issue;
  if (param === null) return { param, say: () => message.replace(SUBJECT, "") };
  if (message.startsWith(SUBJECT)) {
    return { param, say: (name) => `${name(param)}${message.slice(SUBJECT.length)}` };
  }
  return { param, say: (name) => `${name(param)}: ${message}` };
}

/** Each issue, one per parameter, unknown parameters first: a misspelt name explains what follows. */
function zodIssues(error: z.ZodError, known: readonly string[] = KNOWN_PARAMS): ParamIssue[] {
  const issues = [...error.issues].sort(
    (a, b) => Number(b.code === "unrecognized_keys") - Number(a.code === "unrecognized_keys"),
  );
  return issues.flatMap((issue): ParamIssue[] =>
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => ({
          param: key,
          say: (name) => `unknown parameter ${name(key)}`,
          hint: `known: ${known.join(", ")}`,
        }))
      : [paramIssue(issue, issue.path[0] === undefined ? null : String(issue.path[0]))],
  );
}

/**
 * `/api/events`'s parameters -> the query. Absent times take the default
 * range; one end alone keeps the default range's width on the other side.
 */
export function parseEventQuery(
  params: URLSearchParams,
  defaultRange: TimeRange,
): ViewParseResult<EventQuery> {
  const parsed = eventParamsSchema.safeParse(allValues(params));
  if (!parsed.success) return refused(zodIssues(parsed.error));
  const p = parsed.data;
  const issues: ParamIssue[] = [];
  const width = Date.parse(defaultRange.to) - Date.parse(defaultRange.from);
  const from =
    p.from ?? (p.to ? new Date(Date.parse(p.to) - width).toISOString() : defaultRange.from);
  const to =
    p.to ?? (p.from ? new Date(Date.parse(p.from) + width).toISOString() : defaultRange.to);
  issues.push(...rangeIssues(from, to));
  const sort = p.sort ?? DEFAULT_SORT;
  const cursor = p.cursor ?? null;
  if (cursor !== null && (decodeCursor(cursor)!.key === undefined) !== (sort.field === "time")) {
    issues.push({
      param: "cursor",
      say: (name) => `${name("cursor")} belongs to another sort order: start again without it`,
    });
  }
  if (issues.length > 0) return refused(issues);

  const included = Object.fromEntries(LIST_FIELDS.map((f) => [f, p[f]])) as {
    [F in ListField]: string[];
  };
  const exclude: EventFilter["exclude"] = {};
  for (const field of LIST_FIELDS) {
    if (p[`-${field}`].length > 0) exclude[field] = p[`-${field}`];
  }
  return {
    ok: true,
    value: {
      filter: {
        from,
        to,
        ...included,
        category: included.category as EventCategory[],
        exclude,
        error: p.error ?? null,
        readOnly: p.readOnly === undefined ? null : p.readOnly === "true",
        crossAccount: p.crossAccount === undefined ? null : p.crossAccount === "true",
        integrity: p.integrity,
        q: p.q ? p.q : null,
      },
      sort,
      limit: p.limit ?? DEFAULT_LIMIT,
      cursor,
      // Records are included unless `raw=0` (or false) says otherwise.
      records: p.raw !== "0" && p.raw !== "false",
      wait: p.wait === "1" || p.wait === "true",
      confirm: p.confirm === "1" || p.confirm === "true",
      athena: p.athena === "run" ? "run" : p.athena === "1" ? "view" : null,
    },
  };
}

/**
 * The filter of an endpoint that answers the whole view (export, facets,
 * summary): its own parameters (`own`, parsed by the caller's schema) are left
 * to it, and paging is refused with `pagingRefusal`.
 */
export function parseWholeViewQuery(
  params: URLSearchParams,
  defaultRange: TimeRange,
  ownParams: readonly string[],
  pagingRefusal: string,
): ViewParseResult<EventQuery> {
  const issues: ParamIssue[] = [];
  for (const key of ["limit", "cursor"]) {
    if (params.has(key))
      issues.push({ param: key, say: (name) => `${name(key)} ${pagingRefusal}` });
  }
  const filterParams = new URLSearchParams(params);
  for (const key of ownParams) filterParams.delete(key);
  const parsed = parseEventQuery(filterParams, defaultRange);
  if (!parsed.ok) issues.push(...parsed.issues);
  return issues.length > 0 ? refused(issues) : parsed;
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
  if (filter.crossAccount !== null && filter.crossAccount !== undefined) {
    params.set("crossAccount", String(filter.crossAccount));
  }
  for (const status of filter.integrity ?? []) params.append("integrity", status);
  if (filter.q) params.set("q", filter.q);
  return params;
}

const rangeParamsSchema = z.strictObject({
  from: once("from", isoInstantSchema),
  to: once("to", isoInstantSchema),
});

/**
 * A time range alone (`from`, `to`), as a view gives it: absent ends take the
 * default range's, one end alone keeping its width (as parseEventQuery).
 */
export function parseRangeParams(
  params: URLSearchParams,
  defaultRange: TimeRange,
): ViewParseResult<TimeRange> {
  const parsed = rangeParamsSchema.safeParse(allValues(params));
  if (!parsed.success) return refused(zodIssues(parsed.error, ["from", "to"]));
  const filter = new URLSearchParams();
  if (parsed.data.from) filter.set("from", parsed.data.from);
  if (parsed.data.to) filter.set("to", parsed.data.to);
  const query = parseEventQuery(filter, defaultRange);
  if (!query.ok) return query;
  return { ok: true, value: { from: query.value.filter.from, to: query.value.filter.to } };
}

/** Values counted per facet, at most: a facet's "show all" asks this many (and searches for more). */
export const MAX_FACET_TOP = 1000;

/**
 * `/api/facets`'s own parameters: which fields (default: all), how many
 * values each, and only the values containing a text (a search inside a facet).
 */
const facetParamsSchema = z.object({
  field: z
    .array(
      z.enum(FACET_FIELDS, {
        error: (i) =>
          `${SUBJECT} must be one of ${FACET_FIELDS.join(", ")}; got "${String(i.input)}"`,
      }),
    )
    .optional()
    .transform((fields) => (fields?.length ? [...new Set(fields)] : FACET_FIELDS)),
  top: once("top", integerFrom1To("top", MAX_FACET_TOP)).transform((top) => top ?? 10),
  contains: once(
    "contains",
    z.string().trim().max(200, `${SUBJECT} is longer than 200 characters`),
  ).transform((text) => text || null),
});

/** `/api/facets`'s request: its own parameters and the view's filter, every error at once. */
export function parseFacetsRequest(
  params: URLSearchParams,
  defaultRange: TimeRange,
): ViewParseResult<{
  query: EventQuery;
  fields: readonly FacetField[];
  top: number;
  contains: string | null;
}> {
  const own = facetParamsSchema.safeParse({
    field: params.getAll("field"),
    top: params.has("top") ? params.getAll("top") : undefined,
    contains: params.has("contains") ? params.getAll("contains") : undefined,
  });
  const view = parseWholeViewQuery(
    params,
    defaultRange,
    ["field", "top", "contains"],
    "does not apply to facets",
  );
  if (!own.success || !view.ok) {
    return refused([...(own.success ? [] : zodIssues(own.error)), ...(view.ok ? [] : view.issues)]);
  }
  const { field: fields, top, contains } = own.data;
  return { ok: true, value: { query: view.value, fields, top, contains } };
}

/**
 * The request of an endpoint that answers a whole view in a chosen format
 * (`/api/export`, `/api/summary`): `format` plus the view's filter.
 */
export function parseFormattedViewRequest<F extends string>(
  params: URLSearchParams,
  defaultRange: TimeRange,
  options: { formats: readonly [F, ...F[]]; fallback: F; pagingRefusal: string },
): ViewParseResult<{ format: F; query: EventQuery }> {
  const format = z
    .enum(options.formats, {
      error: (i) => `${SUBJECT} must be ${options.formats.join(" or ")}; got "${String(i.input)}"`,
    })
    .safeParse(params.get("format") ?? options.fallback);
  const view = parseWholeViewQuery(params, defaultRange, ["format"], options.pagingRefusal);
  if (!format.success || !view.ok) {
    const formatIssues = format.success
      ? []
      : format.error.issues.map((issue) => paramIssue(issue, "format"));
    return refused([...formatIssues, ...(view.ok ? [] : view.issues)]);
  }
  return { ok: true, value: { format: format.data, query: view.value } };
}
