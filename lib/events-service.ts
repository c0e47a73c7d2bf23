import { leadWithIntegrity } from "./summary/integrity-highlight";
import { queryHighlights } from "./summary/query-highlights";
import { MAX_HIGHLIGHTS } from "./summary/highlights";
import { integrityReport } from "./integrity/integrity-report";
import type { IntegrityReport } from "./integrity/integrity-schema";
import type { EventOrigin, EventRow } from "./cloudtrail/event-schema";
import { type ExportFormat, exportFileName, exportLines } from "./export/event-export";
import { exportStream } from "./export/export-stream";
import type { PendingLoad } from "./load/load-manager";
import type { EventQuery, TimeRange } from "./query/event-query";
import type { PermalinkHints } from "./query/permalink";
import { deliveryDays } from "./sources/delivery-window";
import type { ServerPathLabels } from "./sources/server-path-labels";
import type { LoadScope, TrailFileSource } from "./sources/source-types";
import type { EventsResponse, FacetsResponse, RelatedResponse } from "./query/events-response";
import { relatedEvents } from "./store/related-events";
import type { FacetField } from "./cloudtrail/fields";
import { queryFacets } from "./store/facets";
import { listProblems } from "./store/problems";
import { getEventById } from "./store/event-by-id";
import { queryEventPageJson } from "./store/query-events";
import type { HighlightsResponse, SummaryResponse } from "./query/summary-response";
import { querySummary } from "./summary/query-summary";
import { queryTimeline } from "./summary/query-timeline";
import type { TimelineResponse } from "./query/timeline-response";
import type { Trailglass } from "./trailglass";
import { ensureView } from "./view-loading";
import type { AthenaSearchStatus } from "./athena/athena-schema";

/**
 * `/api/events`: make sure the range is (being) loaded, then answer from the
 * store. The answer is EventsResponse as JSON text: the page's events arrive
 * from the store already written as JSON (queryEventPageJson).
 */
export async function findEvents(
  app: Trailglass,
  query: EventQuery,
  labels: ServerPathLabels | null = null,
): Promise<string> {
  const { status, athena } = await ensureView(app, query);
  if (query.wait) await status.wait();
  else await status.listed(LISTING_GRACE_MS);
  const [page, stored] = await Promise.all([
    queryEventPageJson(app.store, query.filter, query),
    listProblems(app.store, 100),
  ]);
  const loadProblems = status.problems;
  const rest: Omit<EventsResponse, "events"> = {
    total: page.total,
    nextCursor: page.nextCursor,
    complete: status.complete,
    problems: labelled([...loadProblems, ...stored.problems], labels),
    problemsTotal: loadProblems.length + stored.total,
    progress: labelled(status.progress, labels),
    pending: status.pending,
    athena,
    range: { from: query.filter.from, to: query.filter.to },
  };
  return `{"events":${page.eventsJson},${JSON.stringify(rest).slice(1)}`;
}

/** Sources named as the user may see them (lib/sources/server-path-labels.ts). */
function labelled<T>(value: T, labels: ServerPathLabels | null): T {
  return labels ? labels.labelAll(value) : value;
}

/**
 * How long an answer waits for a new range's listing: a listing of a few
 * milliseconds (a local folder, a listed S3 prefix) is then not shown as
 * "listing" for the second until the page asks again.
 */
const LISTING_GRACE_MS = 500;

export type FoundEvent = { event: EventRow } | { event: null; lookedIn: string[] };

const MINUTE_MS = 60_000;
const HISTORY_DAYS = 90;

/**
 * One event by id, as a permalink opens it: from the store; else from the
 * trail partition the hints point to (its delivery days, account and Region)
 * and Event history by event ID around that time; else from Event history by
 * event ID over the 90 days it keeps. Without hints, the default range is
 * loaded. When it is nowhere, says where it looked. Its origins and the
 * places looked in name the sources as the user may see them.
 */
export async function findEvent(
  app: Trailglass,
  id: string,
  hints: PermalinkHints = {},
  labels: ServerPathLabels | null = null,
): Promise<FoundEvent> {
  const found = await locateEvent(app, id, hints);
  if (found.event)
    return { event: { ...found.event, origins: labelled(found.event.origins, labels) } };
  return { event: null, lookedIn: labelled(found.lookedIn, labels) };
}

async function locateEvent(
  app: Trailglass,
  id: string,
  hints: PermalinkHints,
): Promise<FoundEvent> {
  const lookedIn = ["the event store"];
  const stored = await getEventById(app.store, id, hints.time);
  if (stored) return { event: stored };

  // Narrow reads go ahead at once; the default range may still ask for confirmation.
  const attempt = async (
    range: TimeRange & LoadScope,
    kinds?: EventOrigin["kind"][],
  ): Promise<EventRow | null> => {
    const status = app.loads.ensureRange(range, { kinds, confirmed: range.eventId !== undefined });
    await status.wait();
    for (const source of app.loads.sources) {
      if (kinds && !kinds.includes(source.kind)) continue;
      const failed = status.problems.filter((p) => p.source === source.id);
      lookedIn.push(
        describeSearch(source, range) +
          (failed.length > 0 ? ` (failed: ${failed.map((p) => p.message).join("; ")})` : ""),
      );
    }
    return getEventById(app.store, id);
  };

  if (hints.time) {
    const t = Date.parse(hints.time);
    const near = await attempt({
      from: new Date(t - 5 * MINUTE_MS).toISOString(),
      to: new Date(t + 5 * MINUTE_MS).toISOString(),
      account: hints.account ? [hints.account] : [],
      region: hints.region ? [hints.region] : [],
      eventId: [id],
    });
    if (near) return { event: near };
  } else {
    const fallback = await attempt(app.defaultRange());
    if (fallback) return { event: fallback };
  }
  if (app.loads.sources.some((s) => s.kind === "lookup")) {
    const now = Date.now();
    const history = await attempt(
      {
        from: new Date(now - HISTORY_DAYS * 24 * 60 * MINUTE_MS).toISOString(),
        to: new Date(now).toISOString(),
        eventId: [id],
      },
      ["lookup"],
    );
    if (history) return { event: history };
  }
  return { event: null, lookedIn };
}

function describeSearch(source: TrailFileSource, range: TimeRange & LoadScope): string {
  const from = range.from.slice(0, 16).replace("T", " ");
  const to = range.to.slice(0, 16).replace("T", " ");
  if (source.kind === "lookup") {
    return `Event history (${source.id.replace(/^lookup:/, "")}) by event ID, ${from} to ${to} UTC`;
  }
  const days = deliveryDays(range);
  const scope = [
    range.account?.length ? `account ${range.account.join(", ")}` : null,
    range.region?.length ? `Region ${range.region.join(", ")}` : null,
  ].filter(Boolean);
  return `${source.id}: files delivered ${days[0]} to ${days[days.length - 1]}${
    scope.length > 0 ? `, ${scope.join(", ")}` : ""
  }`;
}

export type PreparedExport =
  | {
      ready: true;
      fileName: string;
      /** The export's body, ended and its slot given back however it ends (export-stream.ts). */
      body: ReadableStream<Uint8Array>;
    }
  | { ready: false; pending: PendingLoad | null; athena: AthenaSearchStatus | null };

/**
 * `/api/export`: all events of the view, so the range is loaded to the end
 * first. A range too large to load without the user's go-ahead is not
 * exported half-loaded: the caller learns what it would read. The export
 * takes one of `user`'s slots first (ExportLimitError when none is free).
 */
export async function prepareExport(
  app: Trailglass,
  query: EventQuery,
  format: ExportFormat,
  user: string,
): Promise<PreparedExport> {
  const release = app.exports.take(user);
  try {
    const { status, athena } = await ensureView(app, query);
    await status.wait();
    const pending = status.pending;
    // An Athena search that did not answer (cost not confirmed, failed) leaves the view unknown.
    if (pending || (athena && athena.state !== "succeeded")) {
      release();
      return { ready: false, pending, athena };
    }
    return {
      ready: true,
      fileName: exportFileName(query.filter, format),
      body: exportStream(exportLines(app.store, query.filter, format), {
        format,
        idleMs: app.config.TRAILGLASS_EXPORT_IDLE_SECONDS * 1000,
        onEnd: release,
      }),
    };
  } catch (error) {
    release();
    throw error;
  }
}

/** `/api/facets`: counts over what is loaded so far; `complete` says whether more is coming. */
export async function findFacets(
  app: Trailglass,
  query: EventQuery,
  fields: readonly FacetField[],
  top: number,
  contains: string | null = null,
): Promise<FacetsResponse> {
  const { status } = await ensureView(app, query);
  if (query.wait) await status.wait();
  else await status.listed(LISTING_GRACE_MS);
  return {
    facets: await queryFacets(app.store, query.filter, fields, top, contains),
    complete: status.complete,
  };
}

/** `/api/timeline`: the view's histogram over what is loaded so far; `complete` says whether more is coming. */
export async function findTimeline(app: Trailglass, query: EventQuery): Promise<TimelineResponse> {
  const { status } = await ensureView(app, query);
  if (query.wait) await status.wait();
  return {
    timeline: await queryTimeline(app.store, query.filter),
    complete: status.complete,
    range: { from: query.filter.from, to: query.filter.to },
  };
}

/**
 * `/api/integrity`: what the digests say about the view's range; `complete`
 * once its files and digests are read (with `wait`, they are read first).
 */
export async function findIntegrity(
  app: Trailglass,
  query: EventQuery,
  labels: ServerPathLabels | null = null,
): Promise<IntegrityReport> {
  const { status } = await ensureView(app, query);
  if (query.wait) await status.waitForDigests();
  const report = await integrityReport(app.store, query.filter, {
    enabled: app.config.TRAILGLASS_INTEGRITY === "on",
    complete: status.digestsComplete,
  });
  return labelled(report, labels);
}

/** The integrity report the highlights lead with, when validation is on. */
function integrityForHighlights(
  app: Trailglass,
  query: EventQuery,
  status: { digestsComplete: boolean },
): Promise<IntegrityReport> | null {
  if (app.config.TRAILGLASS_INTEGRITY !== "on") return null;
  return integrityReport(app.store, query.filter, {
    enabled: true,
    complete: status.digestsComplete,
  });
}

/**
 * `/api/highlights`: the summary's highlights alone (the events page's strip),
 * over what is loaded so far; `complete` says whether more is coming.
 */
export async function findHighlights(
  app: Trailglass,
  query: EventQuery,
): Promise<HighlightsResponse> {
  const { status } = await ensureView(app, query);
  if (query.wait) await status.wait();
  const [highlights, integrity] = await Promise.all([
    queryHighlights(app.store, query.filter),
    integrityForHighlights(app, query, status),
  ]);
  return {
    highlights: leadWithIntegrity(highlights, integrity, MAX_HIGHLIGHTS),
    complete: status.complete,
    range: { from: query.filter.from, to: query.filter.to },
  };
}

/**
 * `/api/summary`: who did what over what is loaded so far; `complete` says
 * whether more is coming (with `wait`, the range is loaded first).
 */
export async function findSummary(
  app: Trailglass,
  query: EventQuery,
  labels: ServerPathLabels | null = null,
): Promise<SummaryResponse> {
  const { status, athena } = await ensureView(app, query);
  if (query.wait) await status.wait();
  else await status.listed(LISTING_GRACE_MS);
  const [summary, integrity] = await Promise.all([
    querySummary(app.store, query.filter),
    integrityForHighlights(app, query, status),
  ]);
  return {
    ...summary,
    highlights: leadWithIntegrity(summary.highlights, integrity, MAX_HIGHLIGHTS),
    complete: status.complete,
    progress: labelled(status.progress, labels),
    pending: status.pending,
    athena,
    range: { from: query.filter.from, to: query.filter.to },
  };
}

const RELATED_WINDOW_MINUTES = 15;

/**
 * `/api/events/<id>/related`: what else the same principal, key or request did
 * around it, and how often over `range` (counted over what the store holds).
 */
export async function findRelated(
  app: Trailglass,
  id: string,
  range: TimeRange,
): Promise<RelatedResponse | null> {
  const event = await getEventById(app.store, id);
  if (!event) return null;
  return {
    groups: await relatedEvents(app.store, event, {
      windowMinutes: RELATED_WINDOW_MINUTES,
      range,
    }),
    windowMinutes: RELATED_WINDOW_MINUTES,
    range,
  };
}
