/**
 * Reads back the text of chosen records of one trail file, from the file's bytes as stored
 * (gzip or plain). The store keeps, per event, the file and the record's index instead of
 * the record's JSON; this turns those indexes back into text.
 *
 * The numbering is readTrailFile's because the file is cut by the same JsonSplitter and
 * each item judged by the same classifyItem and depth limit: an index the reader did not
 * deliver as a record (a broken or oversize item, a digest, a problem) is left out. Pass
 * the same limits the file was read with.
 *
 * Content errors never throw: a damaged file gives the records found before or around the
 * damage, as the reader does. Errors thrown by an iterable input are rethrown.
 */
import { constants as zlibConstants, gunzipSync } from "node:zlib";
import { gunzipStream } from "./decompress";
import { JsonSplitter, type SplitEvent } from "./json-splitter";
import { classifyItem, isJsonObject, nestedDeeperThan } from "./record-shape";
import { hasGzipMagic } from "./sniff";
import { DEFAULT_WHOLE_FILE_THRESHOLD, type ReaderOptions, resolveOptions } from "./types";

export type RecordTextOptions = Pick<
  ReaderOptions,
  "maxRecordBytes" | "maxDecompressedBytes" | "maxRecordDepth"
>;

/** Plain bytes are fed to the splitter in pieces of this size, so reading can stop early. */
const PIECE_BYTES = 1 << 20;

/**
 * The delivered text of the records at `indexes` of one trail file, by index. A Buffer is
 * read in memory (gunzipped at once when small); an iterable is streamed, holding one item
 * at a time, and reading stops once the last requested index was passed.
 */
export async function readRecordTexts(
  bytes: Uint8Array | AsyncIterable<Uint8Array>,
  indexes: Iterable<number>,
  options?: RecordTextOptions,
): Promise<Map<number, string>> {
  const limits = resolveOptions(options);
  const wanted = new Set<number>();
  let last = -1;
  for (const index of indexes) {
    if (!Number.isSafeInteger(index) || index < 0) continue;
    wanted.add(index);
    last = Math.max(last, index);
  }

  const texts = new Map<number, string>();
  const splitter = new JsonSplitter(limits.maxRecordBytes);
  let room = limits.maxDecompressedBytes;
  for await (const chunk of plainChunks(bytes, limits.maxDecompressedBytes)) {
    // Past maxDecompressedBytes the reader stops, keeping the items that ended before.
    const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
    room -= part.length;
    const passed = collect(splitter.push(part), wanted, limits.maxRecordDepth, texts);
    if (passed >= last || part.length < chunk.length || splitter.stopped) return texts;
  }
  collect(splitter.end(), wanted, limits.maxRecordDepth, texts);
  return texts;
}

/** Adds the texts of the wanted records among `events`; returns the last index met (or -1). */
function collect(
  events: SplitEvent[],
  wanted: ReadonlySet<number>,
  maxDepth: number,
  texts: Map<number, string>,
): number {
  let passed = -1;
  for (const event of events) {
    if ("index" in event && event.index !== null) passed = event.index;
    if (event.type !== "item" || !wanted.has(event.index)) continue;
    const text = recordText(event.bytes, maxDepth);
    if (text !== null) texts.set(event.index, text);
  }
  return passed;
}

/** The text of the record an item holds, or null when the reader would deliver none. */
function recordText(item: Buffer, maxDepth: number): string | null {
  const text = item.toString("utf8");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null; // the reader reports it as invalid JSON and delivers nothing
  }
  const outcome = classifyItem(value, "record");
  if (outcome.kind !== "record" || nestedDeeperThan(outcome.record, maxDepth)) return null;
  switch (outcome.via) {
    case "record":
      return text;
    case "lookup-events": {
      // The record is the CloudTrailEvent string as AWS wrote it (rarely, an inline object).
      const event = isJsonObject(value) ? value.CloudTrailEvent : undefined;
      return typeof event === "string" ? event : JSON.stringify(outcome.record);
    }
    case "eventbridge":
      // The record is the envelope's `detail`, re-serialized: its own bytes are not cut out,
      // so escapes and number spellings may differ from the file (the values do not).
      return JSON.stringify(outcome.record);
  }
}

/** The decompressed bytes, in chunks. */
async function* plainChunks(
  bytes: Uint8Array | AsyncIterable<Uint8Array>,
  maxDecompressedBytes: number,
): AsyncGenerator<Buffer, void, undefined> {
  if (!(bytes instanceof Uint8Array)) {
    yield* plainStream(bytes);
    return;
  }
  const buffer = asBuffer(bytes);
  if (!hasGzipMagic(buffer)) {
    yield* pieces(buffer);
    return;
  }
  const limit = Math.min(DEFAULT_WHOLE_FILE_THRESHOLD - 1, maxDecompressedBytes);
  const whole = gunzipAll(buffer, limit);
  if (whole) yield* pieces(whole);
  else yield* gunzipChunks(pieces(buffer));
}

/**
 * Gunzips a file under the reader's fast-path size at once, or gives null (too large, or
 * corrupt: the stream then keeps what decodes before the damage, as the reader does).
 * Z_SYNC_FLUSH returns all that decodes of a truncated file instead of failing: at least
 * what the reader got, since its gunzip stream drops a tail that depends on its chunks.
 */
function gunzipAll(compressed: Buffer, limit: number): Buffer | null {
  try {
    return gunzipSync(compressed, {
      maxOutputLength: limit,
      finishFlush: zlibConstants.Z_SYNC_FLUSH,
    });
  } catch {
    return null;
  }
}

/** Streamed bytes, gunzipped when they start with the gzip magic number. */
async function* plainStream(
  raw: AsyncIterable<Uint8Array>,
): AsyncGenerator<Buffer, void, undefined> {
  const iterator = raw[Symbol.asyncIterator]();
  try {
    const head: Buffer[] = [];
    let size = 0;
    while (size < 2) {
      const step = await iterator.next();
      if (step.done) break;
      head.push(asBuffer(step.value));
      size += step.value.length;
    }
    async function* all(): AsyncGenerator<Buffer, void, undefined> {
      yield* head;
      for (let step = await iterator.next(); !step.done; step = await iterator.next()) {
        yield asBuffer(step.value);
      }
    }
    yield* hasGzipMagic(Buffer.concat(head)) ? gunzipChunks(all()) : all();
  } finally {
    // Releases the input (a file stream, a socket) when reading stopped before its end.
    await iterator.return?.();
  }
}

/**
 * Gunzips a stream of chunks (several gzip members included). A damaged gzip stream just
 * ends; an error of the input itself is rethrown, since then the end is not the file's.
 */
async function* gunzipChunks(
  raw: AsyncIterable<Buffer> | Iterable<Buffer>,
): AsyncGenerator<Buffer, void, undefined> {
  const read = { failed: false, error: undefined as unknown };
  async function* watched(): AsyncGenerator<Buffer, void, undefined> {
    try {
      yield* raw;
    } catch (error) {
      read.failed = true;
      read.error = error;
      throw error;
    }
  }
  yield* gunzipStream(
    watched(),
    { failure: null },
    () => 0,
    () => read.failed,
  );
  if (read.failed) throw read.error;
}

function* pieces(buffer: Buffer): Generator<Buffer, void, undefined> {
  for (let start = 0; start < buffer.length; start += PIECE_BYTES) {
    yield buffer.subarray(start, start + PIECE_BYTES);
  }
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}
