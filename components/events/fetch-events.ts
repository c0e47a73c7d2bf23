import {
  errorResponseSchema,
  eventResponseSchema,
  eventsResponseSchema,
  type EventsResponse,
  facetsResponseSchema,
  type FacetsResponse,
  relatedResponseSchema,
  type RelatedResponse,
} from "@/lib/query/events-response";
import type { EventRow } from "@/lib/cloudtrail/event-schema";
import { integrityReportSchema, type IntegrityReport } from "@/lib/integrity/integrity-schema";
import {
  highlightsResponseSchema,
  type HighlightsResponse,
  summaryResponseSchema,
  type SummaryResponse,
} from "@/lib/query/summary-response";
import { timelineResponseSchema, type TimelineResponse } from "@/lib/query/timeline-response";

/** An API answer that is not a success: carries the server's message. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly details: string[] = [],
  ) {
    super(message);
  }
}

/** React Query's retry rule for our APIs: a refusal (4xx) is final; a failure is tried twice more. */
export function retryUnlessRefused(count: number, error: Error): boolean {
  return !(error instanceof ApiError && error.status < 500) && count < 2;
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ApiError(
      `The server answered ${response.status} with something that is not JSON (${(error as Error).message})`,
      response.status,
    );
  }
}

async function failure(response: Response): Promise<ApiError> {
  const body = errorResponseSchema.safeParse(await readJson(response));
  return body.success
    ? new ApiError(body.data.error, response.status, body.data.details)
    : new ApiError(`The server answered ${response.status}`, response.status);
}

export async function fetchEvents(
  params: URLSearchParams,
  cursor: string | null,
  signal?: AbortSignal,
): Promise<EventsResponse> {
  const query = new URLSearchParams(params);
  if (cursor) query.set("cursor", cursor);
  const response = await fetch(`/api/events?${query.toString()}`, { signal });
  if (!response.ok) throw await failure(response);
  return eventsResponseSchema.parse(await readJson(response));
}

export async function fetchEvent(
  id: string,
  signal?: AbortSignal,
  hints?: URLSearchParams,
): Promise<EventRow> {
  const query = hints && hints.size > 0 ? `?${hints.toString()}` : "";
  const response = await fetch(`/api/events/${encodeURIComponent(id)}${query}`, { signal });
  if (!response.ok) throw await failure(response);
  return eventResponseSchema.parse(await readJson(response)).event;
}

/** The top values of `fields` in the view; only those containing `contains` when given. */
export async function fetchFacets(
  params: URLSearchParams,
  fields: readonly string[],
  top: number,
  signal?: AbortSignal,
  contains = "",
): Promise<FacetsResponse> {
  const query = new URLSearchParams(params);
  for (const key of ["limit", "cursor", "wait"]) query.delete(key);
  for (const field of fields) query.append("field", field);
  query.set("top", String(top));
  if (contains) query.set("contains", contains);
  const response = await fetch(`/api/facets?${query.toString()}`, { signal });
  if (!response.ok) throw await failure(response);
  return facetsResponseSchema.parse(await readJson(response));
}

export async function fetchSummary(
  params: URLSearchParams,
  signal?: AbortSignal,
): Promise<SummaryResponse> {
  const response = await fetch(`/api/summary?${params.toString()}`, { signal });
  if (!response.ok) throw await failure(response);
  return summaryResponseSchema.parse(await readJson(response));
}

/** What stands out in the view, highest risk first (`params`: its filter). */
export async function fetchHighlights(
  params: URLSearchParams,
  signal?: AbortSignal,
): Promise<HighlightsResponse> {
  const response = await fetch(`/api/highlights?${params.toString()}`, { signal });
  if (!response.ok) throw await failure(response);
  return highlightsResponseSchema.parse(await readJson(response));
}

/** The view's events per time bucket and category (`params`: its filter). */
export async function fetchTimeline(
  params: URLSearchParams,
  signal?: AbortSignal,
): Promise<TimelineResponse> {
  const response = await fetch(`/api/timeline?${params.toString()}`, { signal });
  if (!response.ok) throw await failure(response);
  return timelineResponseSchema.parse(await readJson(response));
}

/** `range`: the `from` and `to` the whole-range counts cover (none: the default range). */
export async function fetchRelated(
  id: string,
  range: URLSearchParams,
  signal?: AbortSignal,
): Promise<RelatedResponse> {
  const query = range.size > 0 ? `?${range.toString()}` : "";
  const response = await fetch(`/api/events/${encodeURIComponent(id)}/related${query}`, {
    signal,
  });
  if (!response.ok) throw await failure(response);
  return relatedResponseSchema.parse(await readJson(response));
}

/** What digest validation says about the view (`params`: its filter, viewFilterParams). */
export async function fetchIntegrity(
  params: URLSearchParams,
  signal?: AbortSignal,
): Promise<IntegrityReport> {
  const response = await fetch(`/api/integrity?${params.toString()}`, { signal });
  if (!response.ok) throw await failure(response);
  const report = integrityReportSchema.safeParse(await readJson(response));
  if (report.success) return report.data;
  // Said in a line of text on the page: the first mismatch names what is wrong.
  const issue = report.error.issues[0]!;
  throw new ApiError(
    `the answer is not an integrity report (${issue.path.join(".") || "body"}: ${issue.message})`,
    response.status,
  );
}

/** Stops a running Athena search (`DELETE /api/athena/searches/<id>`). */
export async function cancelAthenaSearch(id: string): Promise<void> {
  const response = await fetch(`/api/athena/searches/${encodeURIComponent(id)}`, {
    method: "DELETE",
  });
  if (!response.ok) throw await failure(response);
}
