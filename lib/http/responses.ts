import { randomUUID } from "node:crypto";
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

/** DuckDB's own messages start with their kind ("Binder Error: ..."): internals, not for people. */
const STORE_ERROR =
  /^(?:[A-Z][A-Za-z]* )*(?:Error|Exception):|^Failed to (?:query|execute)|^INTERNAL Error/;
const OUT_OF_MEMORY = /^Out of Memory Error/;

/** A failed call to the operating system (ENOENT, EACCES...): its message names a server path. */
function isSystemError(error: unknown): boolean {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).syscall === "string";
}

/**
 * Unexpected failures: logged on the server in full with a request id, and
 * answered in words with that id. The event store's own messages (SQL, its
 * settings) stay in the log (#22); the store out of memory while other work
 * runs is a 503 to try again, not a failure of the request itself.
 */
export function serverError(where: string, error: unknown): Response {
  const id = randomUUID().slice(0, 8);
  console.error(`[trailglass] ${where} failed (request ${id}):`, error);
  const message = error instanceof Error ? error.message : String(error);
  if (OUT_OF_MEMORY.test(message)) {
    const response = jsonError(
      503,
      `${where} failed: the event store is short of memory with other work running; try again in a moment (request ${id})`,
    );
    response.headers.set("retry-after", "5");
    return response;
  }
  const said = STORE_ERROR.test(message)
    ? "the event store could not answer; the server's log has the details"
    : isSystemError(error)
      ? "the server could not read or write a file it needs; the server's log has the details"
      : message;
  return jsonError(500, `${where} failed: ${said} (request ${id})`);
}
