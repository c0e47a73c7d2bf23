import { z } from "zod";
import { findSummary } from "@/lib/events-service";
import { summaryCsv, summaryFileName } from "@/lib/export/summary-csv";
import { jsonError, jsonOk, serverError } from "@/lib/http/responses";
import { parseWholeViewQuery } from "@/lib/query/event-query";
import { getTrailglass } from "@/lib/trailglass";

export const dynamic = "force-dynamic";

const formatSchema = z.enum(["json", "csv"]);

/**
 * `GET /api/summary?format=json|csv&<the filter parameters of /api/events>`:
 * who did what (lib/query/summary-response.ts). The CSV is the actors table,
 * of the whole range: it waits for the range to load, like an export.
 */
export async function GET(request: Request): Promise<Response> {
  try {
    const app = await getTrailglass();
    const params = new URL(request.url).searchParams;
    const errors: string[] = [];
    const format = formatSchema.safeParse(params.get("format") ?? "json");
    if (!format.success) {
      errors.push(`"format" must be json or csv; got "${params.get("format")}"`);
    }
    const parsed = parseWholeViewQuery(
      params,
      app.defaultRange(),
      ["format"],
      "does not apply: the summary covers every matching event",
    );
    if (!parsed.ok) errors.push(...parsed.errors);
    if (errors.length > 0 || !parsed.ok || !format.success) {
      return jsonError(400, `Invalid parameters: ${errors.join("; ")}`, errors);
    }

    if (format.data === "json") return jsonOk(await findSummary(app, parsed.value));

    const summary = await findSummary(app, { ...parsed.value, wait: true });
    if (summary.pending) {
      const { files, bytes } = summary.pending;
      return jsonError(
        409,
        `The range is not loaded: it needs ${files} trail files (${Math.ceil(bytes / 1e6)} MB). Load it in the table first, or add confirm=1.`,
      );
    }
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
