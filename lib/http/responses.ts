import { randomUUID } from "node:crypto";
import type { ErrorResponse } from "../query/events-response";
import { isStoreBusyError } from "../store/admission";

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

/** Seconds a client is asked to wait before trying again when the server is busy. */
export const RETRY_AFTER_SECONDS = 5;

/** A failure as its caller learns it: in words, with the request id that finds it in the log. */
export interface ReportedFailure {
  /** 503: the server is busy (try again); 500: the request failed. */
  status: 500 | 503;
  message: string;
}

/**
 * Unexpected failures: logged on the server in full with a request id, and
 * told in words with that id. The event store's own messages (SQL, its
 * settings) and the system's (naming server paths) stay in the log (#22); the
 * store out of memory while other work runs, or its queue for this kind of
 * work full (StoreBusyError), is a 503 to try again, not a failure of the
 * request itself.
 */
export function reportFailure(where: string, error: unknown): ReportedFailure {
  const id = randomUUID().slice(0, 8);
  if (isStoreBusyError(error)) {
    // Expected under load: one line, no stack.
    console.warn(`[trailglass] ${where} refused (request ${id}): ${error.message}`);
    return { status: 503, message: `${where} failed: ${error.message} (request ${id})` };
  }
  console.error(`[trailglass] ${where} failed (request ${id}):`, error);
  const message = error instanceof Error ? error.message : String(error);
  if (OUT_OF_MEMORY.test(message)) {
    return {
      status: 503,
      message: `${where} failed: the event store is short of memory with other work running; try again in a moment (request ${id})`,
    };
  }
  const said = STORE_ERROR.test(message)
    ? "the event store could not answer; the server's log has the details"
    : isSystemError(error)
      ? "the server could not read or write a file it needs; the server's log has the details"
      : message;
  return { status: 500, message: `${where} failed: ${said} (request ${id})` };
}

/** reportFailure as a JSON answer; a 503 carries Retry-After. */
export function serverError(where: string, error: unknown): Response {
  const failure = reportFailure(where, error);
  const response = jsonError(failure.status, failure.message);
  if (failure.status === 503) response.headers.set("retry-after", String(RETRY_AFTER_SECONDS));
  return response;
}
