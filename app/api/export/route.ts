import { asRequestUser, requestUser } from "@/lib/http/request-user";
import { prepareExport } from "@/lib/events-service";
import { EXPORT_FORMATS } from "@/lib/export/event-export";
import { isExportLimitError } from "@/lib/export/export-slots";
import { jsonError, RETRY_AFTER_SECONDS, serverError } from "@/lib/http/responses";
import { parseFormattedView, rangeNotLoaded } from "@/lib/http/view-request";
import { getTrailglass } from "@/lib/trailglass";

export const dynamic = "force-dynamic";

const CONTENT_TYPE = { csv: "text/csv; charset=utf-8", ndjson: "application/x-ndjson" } as const;

/** `GET /api/export?format=csv|ndjson&<the filter parameters of /api/events>`, streamed. */
export async function GET(request: Request): Promise<Response> {
  try {
    const app = await getTrailglass();
    const view = parseFormattedView(new URL(request.url).searchParams, app.defaultRange(), {
      formats: EXPORT_FORMATS,
      fallback: "csv",
      pagingRefusal: "does not apply: an export holds every matching event",
    });
    if (!view.ok) return view.response;
    const { format, query } = view;

    // With access control off, everyone's exports count as one user's.
    const user = requestUser(request) ?? "";
    const prepared = await asRequestUser(request, () => prepareExport(app, query, format, user));
    if (!prepared.ready) return rangeNotLoaded(prepared.pending, prepared.athena);
    return new Response(prepared.body, {
      headers: {
        "content-type": CONTENT_TYPE[format],
        "content-disposition": `attachment; filename="${prepared.fileName}"`,
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      },
    });
  } catch (error) {
    if (isExportLimitError(error)) {
      const response = jsonError(error.scope === "user" ? 429 : 503, error.message);
      response.headers.set("retry-after", String(RETRY_AFTER_SECONDS));
      return response;
    }
    return serverError("Exporting events", error);
  }
}
