import { z } from "zod";
import { prepareExport } from "@/lib/events-service";
import { EXPORT_FORMATS } from "@/lib/export/event-export";
import { jsonError, serverError } from "@/lib/http/responses";
import { parseWholeViewQuery } from "@/lib/query/event-query";
import { getTrailglass } from "@/lib/trailglass";

export const dynamic = "force-dynamic";

const formatSchema = z.enum(EXPORT_FORMATS);
const CONTENT_TYPE = { csv: "text/csv; charset=utf-8", ndjson: "application/x-ndjson" } as const;

/** `GET /api/export?format=csv|ndjson&<the filter parameters of /api/events>`, streamed. */
export async function GET(request: Request): Promise<Response> {
  try {
    const app = await getTrailglass();
    const params = new URL(request.url).searchParams;
    const errors: string[] = [];
    const format = formatSchema.safeParse(params.get("format") ?? "csv");
    if (!format.success)
      errors.push(`"format" must be csv or ndjson; got "${params.get("format")}"`);
    const parsed = parseWholeViewQuery(
      params,
      app.defaultRange(),
      ["format"],
      "does not apply: an export holds every matching event",
    );
    if (!parsed.ok) errors.push(...parsed.errors);
    if (errors.length > 0 || !parsed.ok || !format.success) {
      return jsonError(400, `Invalid parameters: ${errors.join("; ")}`, errors);
    }

    const prepared = await prepareExport(app, parsed.value, format.data);
    if (!prepared.ready) {
      const { files, bytes } = prepared.pending;
      return jsonError(
        409,
        `The range is not loaded: it needs ${files} trail files (${Math.ceil(bytes / 1e6)} MB). Load it in the table first, or add confirm=1.`,
      );
    }
    return new Response(toStream(prepared.lines), {
      headers: {
        "content-type": CONTENT_TYPE[format.data],
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
