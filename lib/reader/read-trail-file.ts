/**
 * Reads one trail file of any common shape into CloudTrail records plus problems.
 *
 * Two paths, chosen after reading the first `wholeFileThreshold` bytes:
 *
 * - Fast path (the usual trail file, a few KB to a few MB): when the input ends within
 *   that first read and decompresses (gunzipSync) to less than `wholeFileThreshold`, the
 *   whole text is JSON.parse'd once, the fastest way there is. If that parse fails (NDJSON,
 *   or a damaged record), the same buffer goes through the structural splitter instead, so
 *   only the bad records are lost. Files larger than `maxRecordBytes` also go through the
 *   splitter, so that limit holds on both paths.
 * - Streaming path (large files, or when gunzipSync fails): the bytes are gunzipped as a
 *   stream and cut by the splitter (json-splitter.ts) into one item at a time; memory holds
 *   the current chunk and the current record, never the file. onBatch is awaited, so a slow
 *   consumer slows the reading down.
 *
 * Both paths feed the same RecordCollector, so they give the same records, indexes and
 * problems. Content and I/O errors never throw: they become problems. Only errors thrown
 * by onBatch are rethrown.
 */
import { createHash, type Hash } from "node:crypto";
import { Batcher } from "./batcher";
import { RecordCollector } from "./collector";
import { concatChunks, type DecodeFailure, gunzipStream, gunzipWhole } from "./decompress";
import { isDigestKey } from "./digest";
import { JsonSplitter, type SplitEvent } from "./json-splitter";
import { ProblemLog } from "./problems";
import { describeStart, hasGzipMagic, hasGzipName, looksLikeJson } from "./sniff";
import { errorMessage, RawSource } from "./source";
import {
  type OnBatch,
  type ReaderOptions,
  type ReadSummary,
  type ResolvedOptions,
  resolveOptions,
  type TrailFileInput,
} from "./types";
import { shapeOfWhole } from "./whole-json";

interface ReadState {
  readonly name: string;
  readonly options: ResolvedOptions;
  readonly problems: ProblemLog;
  readonly collector: RecordCollector;
  readonly source: RawSource;
  compressed: boolean;
  bytesDecompressed: number;
  /** Over the uncompressed content, as it is read (hashContent). */
  readonly hash: Hash | null;
  /** The content was read to its end: the hash is the file's. */
  hashedWhole: boolean;
}

export async function readTrailFile(
  input: TrailFileInput,
  onBatch: OnBatch,
  options?: ReaderOptions,
): Promise<ReadSummary> {
  const resolved = resolveOptions(options);
  const problems = new ProblemLog(input.name, resolved.maxProblemsPerKind);
  const batcher = new Batcher(onBatch, resolved.batchSize);
  const state: ReadState = {
    name: input.name,
    options: resolved,
    problems,
    collector: new RecordCollector(problems, batcher, resolved.maxRecordDepth),
    source: new RawSource(input, problems),
    compressed: false,
    bytesDecompressed: 0,
    hash: resolved.hashContent ? createHash("sha256") : null,
    hashedWhole: false,
  };

  let format: ReadSummary["format"] | null = null;
  try {
    if (isDigestKey(input.name)) {
      format = "digest";
      const first = await state.source.next();
      state.compressed = first ? hasGzipMagic(first) : hasGzipName(input.name);
    } else {
      await readContent(state);
      await batcher.flush();
      state.collector.finish();
      format = state.collector.format;
    }
  } finally {
    await state.source.close();
  }

  // An empty LookupEvents answer is a quiet time window, not a problem.
  if (
    format !== "digest" &&
    format !== "lookup-events" &&
    batcher.delivered === 0 &&
    state.collector.items === 0 &&
    !problems.hasErrors() &&
    !problems.has("no-records")
  ) {
    problems.add("no-records", "warning", "the file holds valid JSON but no CloudTrail records");
  }
  return {
    file: input.name,
    format: format ?? "unknown",
    compressed: state.compressed,
    records: batcher.delivered,
    problems: problems.toArray(),
    bytesIn: state.source.bytesIn,
    bytesDecompressed: state.bytesDecompressed,
    sha256: state.hash && state.hashedWhole ? state.hash.digest("hex") : null,
  };
}

async function readContent(state: ReadState): Promise<void> {
  const { options, problems, source } = state;
  const head = await source.readHead(options.wholeFileThreshold);
  const first = joinChunks(head.chunks.slice(0, 64)).subarray(0, 64);
  state.compressed = hasGzipMagic(first);

  if (head.ended && source.bytesIn === 0) {
    if (source.failed) return;
    if (hasGzipName(state.name)) {
      problems.add("not-gzip", "error", "the file is named .gz but is empty (0 bytes)");
    } else {
      problems.add("no-records", "warning", "the file is empty (0 bytes)");
    }
    return;
  }
  if (!state.compressed && hasGzipName(state.name)) {
    if (!looksLikeJson(first)) {
      problems.add(
        "not-gzip",
        "error",
        `the file is named .gz but is neither gzip nor JSON: it starts with ${describeStart(first)}`,
      );
      return;
    }
    problems.add(
      "not-gzip",
      "warning",
      "the file is named .gz but is not gzip-compressed; it was read as plain JSON",
    );
  }

  if (head.ended && !source.failed) {
    const limit = Math.min(options.wholeFileThreshold - 1, options.maxDecompressedBytes);
    const whole = state.compressed
      ? gunzipWhole(joinChunks(head.chunks), limit)
      : joinChunks(head.chunks);
    if (whole && whole.length <= limit) {
      head.chunks.length = 0;
      await readWhole(state, whole);
      return;
    }
  }

  const decode: { failure: DecodeFailure | null } = { failure: null };
  const plain = concatChunks(head.chunks, source.chunks());
  const chunks = state.compressed
    ? gunzipStream(
        plain,
        decode,
        () => source.bytesIn,
        () => source.failed,
      )
    : plain;
  await readStream(state, chunks, () => decode.failure);
}

/** The chunks as one buffer, without a copy when there is only one. */
function joinChunks(chunks: Buffer[]): Buffer {
  return chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks);
}

/** Fast path: one JSON.parse of the whole decompressed text. */
async function readWhole(state: ReadState, whole: Buffer): Promise<void> {
  state.bytesDecompressed = whole.length;
  if (state.hash) {
    state.hash.update(whole);
    state.hashedWhole = true;
  }
  const { collector } = state;
  if (whole.length <= state.options.maxRecordBytes) {
    const value = parseWhole(whole);
    if (value.ok) {
      const shape = shapeOfWhole(value.value);
      if (shape.kind === "single") {
        await collector.item(shape.value, 0, true);
        return;
      }
      collector.container(shape.container);
      for (let index = 0; index < shape.items.length; index++) {
        const pending = collector.item(shape.items[index], index, false);
        if (pending) await pending;
      }
      return;
    }
  }
  // Not one JSON value (NDJSON, a damaged record, ...) or too large to skip the per-record
  // limit: split it, so that each record stands or falls on its own.
  const splitter = new JsonSplitter(state.options.maxRecordBytes);
  await handleEvents(state, splitter.push(whole));
  if (!splitter.stopped) await handleEvents(state, splitter.end());
}

function parseWhole(whole: Buffer): { ok: true; value: unknown } | { ok: false } {
  const start = whole[0] === 0xef && whole[1] === 0xbb && whole[2] === 0xbf ? 3 : 0;
  try {
    return { ok: true, value: JSON.parse(whole.toString("utf8", start)) };
  } catch (error) {
    // Not hidden: the caller splits the text, and the splitter reports each bad part.
    if (error instanceof SyntaxError) return { ok: false };
    throw error;
  }
}

/** Streaming path: decompressed chunks through the splitter, within maxDecompressedBytes. */
async function readStream(
  state: ReadState,
  chunks: AsyncIterable<Buffer>,
  decodeFailure: () => DecodeFailure | null,
): Promise<void> {
  const { options, problems } = state;
  const splitter = new JsonSplitter(options.maxRecordBytes);
  let stoppedEarly = false;
  for await (const chunk of chunks) {
    const room = options.maxDecompressedBytes - state.bytesDecompressed;
    const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
    state.bytesDecompressed += part.length;
    state.hash?.update(part);
    await handleEvents(state, splitter.push(part));
    if (part !== chunk) {
      problems.add(
        "too-large",
        "error",
        `the file decompresses to more than ${options.maxDecompressedBytes} bytes; reading stopped there and the records before it were kept`,
      );
      stoppedEarly = true;
      break;
    }
    if (splitter.stopped) {
      stoppedEarly = true;
      break;
    }
  }
  const failure = decodeFailure();
  if (failure) problems.add(failure.kind, "error", failure.message);
  if (stoppedEarly) return;
  state.hashedWhole = failure === null && !state.source.failed;
  // After a gzip or read failure, a cut-off record is explained by that failure already.
  const cutByFailure = failure !== null || state.source.failed;
  const endEvents = splitter
    .end()
    .filter(
      (event) => !(cutByFailure && event.type === "problem" && event.kind === "truncated-json"),
    );
  await handleEvents(state, endEvents);
}

async function handleEvents(state: ReadState, events: SplitEvent[]): Promise<void> {
  const { collector, problems } = state;
  for (const event of events) {
    switch (event.type) {
      case "item": {
        let value: unknown;
        try {
          value = JSON.parse(event.bytes.toString("utf8"));
        } catch (error) {
          collector.invalidJson(
            event.index,
            event.top,
            `record ${event.index} (line ${event.line}, byte ${event.offset}) is not valid JSON: ${errorMessage(error)}`,
          );
          break;
        }
        const pending = collector.item(value, event.index, event.top);
        if (pending) await pending;
        break;
      }
      case "container":
        collector.container(event.container);
        break;
      case "oversize":
        collector.countItem(event.top);
        problems.add(
          "record-too-large",
          "error",
          `record ${event.index} (line ${event.line}, byte ${event.offset}) is ${event.size} bytes, more than the ${state.options.maxRecordBytes}-byte limit; skipped`,
          event.index,
        );
        break;
      case "problem":
        if (event.index !== null) collector.countItem(event.top);
        problems.add(event.kind, "error", event.message, event.index);
        break;
      case "not-json":
        problems.add(
          "invalid-json",
          "error",
          `the file is not JSON: it starts with ${describeStart(event.start)}`,
        );
        break;
    }
  }
}
