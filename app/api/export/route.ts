import { prepareExport } from "@/lib/events-service";
import { EXPORT_FORMATS } from "@/lib/export/event-export";
import { serverError } from "@/lib/http/responses";
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

    const prepared = await prepareExport(app, query, format);
    if (!prepared.ready) return rangeNotLoaded(prepared.pending, prepared.athena);
    return new Response(toStream(prepared.lines), {
      headers: {
        "content-type": CONTENT_TYPE[format],
        "content-disposition": `attachment; filename="${prepared.fileName}"`,
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      },
    });
  } catch (error) {
    return serverError("Exporting events", error);
  }
}

/** Pulls the next chunk only when the client has read the previous one. */
function toStream(lines: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    async pull(controller) {
      try {
        const next = await lines.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (error) {
        // Headers are sent: all that can be done is to cut the download so it is visibly incomplete.
        console.error("[trailglass] Export failed mid-stream:", error);
        controller.error(error);
      }
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
}
