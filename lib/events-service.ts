import type { EventRow } from "./cloudtrail/event-schema";
import { type ExportFormat, exportFileName, exportLines } from "./export/event-export";
import type { PendingLoad } from "./load/load-manager";
import type { EventQuery } from "./query/event-query";
import type { EventsResponse, FacetsResponse } from "./query/events-response";
import { type FacetField, queryFacets } from "./store/facets";
import { listProblems } from "./store/problems";
import { getEventById, queryEventPage } from "./store/query-events";
import type { Trailglass } from "./trailglass";

/** `/api/events`: make sure the range is (being) loaded, then answer from the store. */
export async function findEvents(app: Trailglass, query: EventQuery): Promise<EventsResponse> {
  const status = app.loads.ensureRange(query.filter, { confirmed: query.confirm });
  if (query.wait) await status.wait();
  const [page, stored] = await Promise.all([
    queryEventPage(app.store, query.filter, query),
    listProblems(app.store, 100),
  ]);
  const loadProblems = status.problems;
  return {
    ...page,
    complete: status.complete,
    problems: [...loadProblems, ...stored.problems],
    problemsTotal: loadProblems.length + stored.total,
    progress: status.progress,
    pending: status.pending,
    range: { from: query.filter.from, to: query.filter.to },
  };
}

/** One event by id. A freshly started server loads the default range once before giving up. */
export async function findEvent(app: Trailglass, id: string): Promise<EventRow | null> {
  const stored = await getEventById(app.store, id);
  if (stored) return stored;
  await app.loads.ensureRange(app.defaultRange()).wait();
  return getEventById(app.store, id);
}

export type PreparedExport =
  | { ready: true; fileName: string; lines: AsyncGenerator<string> }
  | { ready: false; pending: PendingLoad };

/**
 * `/api/export`: all events of the view, so the range is loaded to the end
 * first. A range too large to load without the user's go-ahead is not
 * exported half-loaded: the caller learns what it would read.
 */
export async function prepareExport(
  app: Trailglass,
  query: EventQuery,
  format: ExportFormat,
): Promise<PreparedExport> {
  const status = app.loads.ensureRange(query.filter, { confirmed: query.confirm });
  await status.wait();
  const pending = status.pending;
  if (pending) return { ready: false, pending };
  return {
    ready: true,
    fileName: exportFileName(query.filter, format),
    lines: exportLines(app.store, query.filter, format),
  };
}

/** `/api/facets`: counts over what is loaded so far; `complete` says whether more is coming. */
export async function findFacets(
  app: Trailglass,
  query: EventQuery,
  fields: readonly FacetField[],
  top: number,
): Promise<FacetsResponse> {
  const status = app.loads.ensureRange(query.filter, { confirmed: query.confirm });
  if (query.wait) await status.wait();
  return {
    facets: await queryFacets(app.store, query.filter, fields, top),
    complete: status.complete,
  };
}
