import type { ErrorResponse } from "../query/events-response";

/** JSON answers for route handlers: errors say what failed, never a stack trace. */

export function jsonError(status: number, error: string, details?: string[]): Response {
  const body: ErrorResponse = details ? { error, details } : { error };
  return Response.json(body, { status, headers: { "cache-control": "no-store" } });
}

export function jsonOk(body: unknown): Response {
  return Response.json(body, { headers: { "cache-control": "no-store" } });
}

/** A JSON body already written as text. */
export function jsonTextOk(body: string): Response {
  return new Response(body, {
    headers: { "content-type": "application/json", "cache-control": "no-store" },
  });
}

/** Unexpected failures: logged on the server, summarized to the client. */
export function serverError(where: string, error: unknown): Response {
  console.error(`[trailglass] ${where} failed:`, error);
  const message = error instanceof Error ? error.message : String(error);
  return jsonError(500, `${where} failed: ${message}`);
}
