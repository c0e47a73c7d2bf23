import { reportFailure } from "../http/responses";
import type { ExportFormat } from "./event-export";

/**
 * An export's lines as the body of its download (#22). The next chunk is made
 * only when the client has taken the previous one, so a slow client costs one
 * chunk of memory; one that takes nothing for `idleMs` is cut off (a slow one
 * is not: its progress is seen every PIECE_BYTES). A failure after the headers
 * are sent never looks like a complete file: NDJSON ends with a line
 * `{"error": "…"}` (a CloudTrail record has no `error` key), and a CSV download
 * is aborted, so the browser or client reports it failed.
 */

export interface ExportStreamOptions {
  format: ExportFormat;
  /** A client that takes nothing for this long is cut off. */
  idleMs: number;
  /** Called once when the export ends, however it ends (its slot, export-slots.ts). */
  onEnd: () => void;
}

/** Bytes handed over per pull: the client's progress is seen every this many bytes. */
const PIECE_BYTES = 16 * 1024;

export function exportStream(
  lines: AsyncGenerator<string>,
  options: ExportStreamOptions,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let ended = false;
  let idle: ReturnType<typeof setTimeout> | undefined;
  /** The chunk being handed over, and how far. */
  let chunk = new Uint8Array(0);
  let at = 0;
  const end = () => {
    if (ended) return false;
    ended = true;
    clearTimeout(idle);
    options.onEnd();
    return true;
  };
  /** Ends it and lets the store work go (a pending chunk finishes first). */
  const stop = () => {
    if (end()) void lines.return(undefined).catch(() => undefined);
  };

  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      clearTimeout(idle);
      if (at >= chunk.length) {
        let next: IteratorResult<string>;
        try {
          next = await lines.next();
        } catch (error) {
          if (ended) return;
          end();
          const failure = reportFailure("Exporting events", error);
          if (options.format === "ndjson") {
            controller.enqueue(encoder.encode(`${JSON.stringify({ error: failure.message })}\n`));
            controller.close();
          } else {
            controller.error(new Error(failure.message));
          }
          return;
        }
        // Cancelled or timed out while the chunk was being made.
        if (ended) return;
        if (next.done) {
          end();
          controller.close();
          return;
        }
        chunk = encoder.encode(next.value);
        at = 0;
      }
      // In pieces: the next pull says the client took the previous one.
      controller.enqueue(chunk.subarray(at, at + PIECE_BYTES));
      at += PIECE_BYTES;
      idle = setTimeout(() => {
        console.warn(
          `[trailglass] An export was cut off: its client took nothing for ${Math.round(options.idleMs / 1000)} s.`,
        );
        controller.error(new Error("the client stopped reading the export"));
        stop();
      }, options.idleMs);
    },
    cancel() {
      stop();
    },
  });
}
