import { asRequestUser } from "@/lib/http/request-user";
import { findSummary } from "@/lib/events-service";
import { summaryCsv, summaryFileName } from "@/lib/export/summary-csv";
import { pathLabelsOf } from "@/lib/http/path-labels";
import { jsonOk, serverError } from "@/lib/http/responses";
import { parseFormattedView, rangeNotLoaded } from "@/lib/http/view-request";
import { getTrailglass } from "@/lib/trailglass";

export const dynamic = "force-dynamic";

const SUMMARY_FORMATS = ["json", "csv"] as const;

/**
 * `GET /api/summary?format=json|csv&<the filter parameters of /api/events>`:
 * who did what (lib/query/summary-response.ts). The CSV is the actors table,
 * of the whole range: it waits for the range to load, like an export.
 */
export async function GET(request: Request): Promise<Response> {
  try {
    const app = await getTrailglass();
    const view = parseFormattedView(new URL(request.url).searchParams, app.defaultRange(), {
      formats: SUMMARY_FORMATS,
      fallback: "json",
      pagingRefusal: "does not apply: the summary covers every matching event",
    });
    if (!view.ok) return view.response;
    const { format, query } = view;

    if (format === "json") {
      return jsonOk(
        await asRequestUser(request, () => findSummary(app, query, pathLabelsOf(request, app))),
      );
    }

    const summary = await asRequestUser(request, () => findSummary(app, { ...query, wait: true }));
    if (summary.pending) return rangeNotLoaded(summary.pending);
    return new Response(summaryCsv(summary.actors), {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${summaryFileName(summary.range)}"`,
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      },
    });
  } catch (error) {
    return serverError("Summarizing events", error);
  }
}
