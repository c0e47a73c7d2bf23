import { type EventQuery, parseWholeViewQuery, type TimeRange } from "../query/event-query";
import { jsonError } from "./responses";

/**
 * The request of an endpoint that answers a whole view in a chosen format
 * (`/api/export`, `/api/summary`): `format` plus the filter of `/api/events`,
 * every bad parameter reported at once as a 400.
 */
export function parseFormattedView<F extends string>(
  params: URLSearchParams,
  defaultRange: TimeRange,
  options: { formats: readonly F[]; fallback: F; pagingRefusal: string },
): { ok: true; format: F; query: EventQuery } | { ok: false; response: Response } {
  const errors: string[] = [];
  const raw = params.get("format") ?? options.fallback;
  const format = options.formats.find((f) => f === raw);
  if (format === undefined) {
    errors.push(`"format" must be ${options.formats.join(" or ")}; got "${params.get("format")}"`);
  }
  const parsed = parseWholeViewQuery(params, defaultRange, ["format"], options.pagingRefusal);
  if (!parsed.ok) errors.push(...parsed.errors);
  if (errors.length > 0 || !parsed.ok || format === undefined) {
    return {
      ok: false,
      response: jsonError(400, `Invalid parameters: ${errors.join("; ")}`, errors),
    };
  }
  return { ok: true, format, query: parsed.value };
}

/** 409 for a whole-view answer whose range waits for the user's go-ahead to load. */
export function rangeNotLoaded(pending: { files: number; bytes: number }): Response {
  return jsonError(
    409,
    `The range is not loaded: it needs ${pending.files} trail files (${Math.ceil(pending.bytes / 1e6)} MB). Load it in the table first, or add confirm=1.`,
  );
}
