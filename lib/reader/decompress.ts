import { Readable, pipeline, type TransformOptions } from "node:stream";
import { createGunzip, gunzipSync, type ZlibOptions } from "node:zlib";
import type { ProblemKind } from "@/lib/cloudtrail/problem-schema";
import { errorMessage } from "./source";

/** zlib output chunk size and stream buffer: about twice as fast as Node's defaults here. */
const GUNZIP_CHUNK_SIZE = 256 << 10;
const STREAM_HIGH_WATER_MARK = 1 << 20;

export interface DecodeFailure {
  kind: Extract<ProblemKind, "truncated-gzip" | "corrupt-gzip">;
  message: string;
}

/**
 * Whole-buffer gunzip for the fast path. Returns null when the output would pass `limit`
 * bytes, or when the gzip data is damaged: the caller then takes the streaming path, which
 * keeps what decodes before the damage and reports it.
 */
export function gunzipWhole(compressed: Buffer, limit: number): Buffer | null {
  // ISIZE, the last member's uncompressed size mod 2^32: a cheap early "too big" signal.
  if (compressed.length >= 18 && compressed.readUInt32LE(compressed.length - 4) > limit)
    return null;
  try {
    return gunzipSync(compressed, { maxOutputLength: limit });
  } catch (error) {
    // Not hidden: the streaming path decodes the same bytes again and reports the problem.
    if (error instanceof Error) return null;
    throw error;
  }
}

function describeZlibError(error: unknown, bytesIn: () => number): DecodeFailure {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "Z_BUF_ERROR") {
    return {
      kind: "truncated-gzip",
      message: `gzip stream ends early after ${bytesIn()} bytes (truncated file?)`,
    };
  }
  return {
    kind: "corrupt-gzip",
    message: `gzip data is corrupt (${errorMessage(error)}); detected after reading ${bytesIn()} bytes`,
  };
}

/**
 * Streams the gunzipped bytes of `raw`. Handles several concatenated gzip members. A zlib
 * error ends the output and is left in `state.failure`; the raw source reports its own read
 * errors, so those end the output without a gzip failure when `readFailed()` says so.
 */
export async function* gunzipStream(
  raw: AsyncIterable<Buffer>,
  state: { failure: DecodeFailure | null },
  bytesIn: () => number,
  readFailed: () => boolean,
): AsyncGenerator<Buffer, void, undefined> {
  // zlib streams take the Transform options too, though ZlibOptions does not list them.
  const gunzipOptions: ZlibOptions & TransformOptions = {
    chunkSize: GUNZIP_CHUNK_SIZE,
    highWaterMark: STREAM_HIGH_WATER_MARK,
  };
  const gunzip = createGunzip(gunzipOptions);
  const source = Readable.from(raw, { objectMode: false, highWaterMark: STREAM_HIGH_WATER_MARK });
  // Errors surface through the iteration of `gunzip` below; the callback only completes the
  // pipeline (and is told of early closes when the reader stops first).
  pipeline(source, gunzip, () => undefined);
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) yield chunk;
  } catch (error) {
    if (!readFailed()) state.failure = describeZlibError(error, bytesIn);
  } finally {
    gunzip.destroy();
  }
}

/** The plain bytes: the chunks already read, then the rest of the source. */
export async function* concatChunks(
  head: Buffer[],
  rest: AsyncIterable<Buffer>,
): AsyncGenerator<Buffer, void, undefined> {
  while (head.length > 0) {
    const chunk = head.shift();
    if (chunk) yield chunk;
  }
  yield* rest;
}
