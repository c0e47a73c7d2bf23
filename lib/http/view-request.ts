import type { AthenaSearchStatus } from "../athena/athena-schema";
import type { EventQuery, TimeRange } from "../query/event-query";
import { parseFormattedViewRequest } from "../query/view-params";
import { jsonError } from "./responses";

/** 400 naming every bad parameter. */
export function invalidParameters(errors: string[]): Response {
  return jsonError(400, `Invalid parameters: ${errors.join("; ")}`, errors);
}

/**
 * The request of an endpoint that answers a whole view in a chosen format
 * (`/api/export`, `/api/summary`): `format` plus the filter of `/api/events`,
 * every bad parameter reported at once as a 400.
 */
export function parseFormattedView<F extends string>(
  params: URLSearchParams,
  defaultRange: TimeRange,
  options: { formats: readonly [F, ...F[]]; fallback: F; pagingRefusal: string },
): { ok: true; format: F; query: EventQuery } | { ok: false; response: Response } {
  const parsed = parseFormattedViewRequest(params, defaultRange, options);
  if (!parsed.ok) return { ok: false, response: invalidParameters(parsed.errors) };
  return { ok: true, ...parsed.value };
}

/** 409 for a whole-view answer whose range waits for the user's go-ahead to load. */
export function rangeNotLoaded(
  pending: { files: number; bytes: number } | null,
  athena: AthenaSearchStatus | null = null,
): Response {
  if (athena && athena.state !== "succeeded") {
    const why =
      athena.state === "needs-confirmation"
        ? "its Athena search waits for confirmation of its cost"
        : `its Athena search ${athena.state === "cancelled" ? "was cancelled" : "failed"}: ${athena.message ?? ""}`;
    return jsonError(
      409,
      `The view is not loaded: ${why}. Open it in the table first, or add athena=run.`,
    );
  }
  const files = pending?.files ?? 0;
  return jsonError(
    409,
    `The range is not loaded: it needs ${files} trail files (${Math.ceil((pending?.bytes ?? 0) / 1e6)} MB). Load it in the table first, or add confirm=1.`,
  );
}
