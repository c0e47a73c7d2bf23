import { closeSync, createReadStream, openSync, readSync } from "node:fs";
import { InvalidRecordError, normalizeRecord } from "../../cloudtrail/normalize";
import { searchText } from "../../cloudtrail/search-text";
import type { Problem } from "../../cloudtrail/problem-schema";
import { readTrailFile, type ReaderOptions } from "../../reader";
import type { PackWriter } from "../../store/packs";
import type { FileResult, FileTask } from "./protocol";
import type { SegmentWriter } from "./segment-writer";

/** Local files up to this size are read in one call; larger ones are streamed. */
const WHOLE_FILE_BYTES = 32 * 1024 ** 2;

export interface FileReadContext {
  pack: PackWriter;
  segment: SegmentWriter;
  readerOptions: ReaderOptions;
  /** Called when the segment is full: hands it over. */
  flush(): void;
  /** The next chunk of a file the main thread reads (null at its end). */
  pull(fileId: number): Promise<Uint8Array | null>;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A small file in one read of its listed size (no stat: it ran for each of
 * hundreds of thousands of files), plus whatever it grew by since.
 */
function readWhole(file: string, size: number): Buffer {
  const fd = openSync(file, "r");
  try {
    let bytes = Buffer.allocUnsafe(size + 1);
    let length = 0;
    for (;;) {
      const read = readSync(fd, bytes, length, bytes.length - length, null);
      if (read === 0) return bytes.subarray(0, length);
      length += read;
      if (length === bytes.length) {
        const larger = Buffer.allocUnsafe(bytes.length * 2);
        bytes.copy(larger);
        bytes = larger;
      }
    }
  } finally {
    closeSync(fd);
  }
}

/** The file's bytes, as the reader takes them. */
async function* bytesOf(task: FileTask, context: FileReadContext): AsyncGenerator<Uint8Array> {
  if (task.path !== undefined) {
    // One call for the usual small file; a large one is streamed so memory stays flat.
    if (task.size <= WHOLE_FILE_BYTES) yield readWhole(task.path, task.size);
    else yield* createReadStream(task.path, { highWaterMark: 1 << 20 });
    return;
  }
  if (task.head && task.head.length > 0) yield task.head;
  if (task.headError !== undefined) throw new Error(task.headError);
  if (task.ended) return;
  for (
    let chunk = await context.pull(task.fileId);
    chunk;
    chunk = await context.pull(task.fileId)
  ) {
    yield chunk;
  }
}

/**
 * Reads one trail file into the worker's segment: its bytes go to the pack as
 * they arrive (before the reader sees them, so every staged row names bytes
 * already kept), its records are normalized and staged, and the file's read
 * is registered with the segment holding its last rows.
 */
export async function readFileIntoSegment(
  task: FileTask,
  context: FileReadContext,
): Promise<FileResult> {
  const { pack, segment } = context;
  const start = pack.begin();
  let packed = 0;
  // A failure to keep the bytes is the store's (its disk), not the file's: it stops the worker.
  let packFailure: unknown = null;
  const problems: Problem[] = [];
  let records = 0;
  // Event history's records are the API's rendering, not a file's: not compared with files.
  const compared = task.kind !== "lookup";
  const reject = (index: number, message: string) =>
    problems.push({
      kind: "invalid-record",
      severity: "error",
      file: task.key,
      recordIndex: index,
      message: `record ${index} ${message}; skipped`,
    });
  const summary = await readTrailFile(
    {
      name: task.key,
      open: async function* () {
        for await (const chunk of bytesOf(task, context)) {
          try {
            pack.append(chunk);
          } catch (error) {
            packFailure = error;
            throw error;
          }
          packed += chunk.length;
          yield chunk;
        }
      },
    },
    (batch) => {
      const origin = { kind: task.kind, source: task.source, key: task.key };
      for (const { index, record } of batch) {
        let row;
        try {
          row = normalizeRecord(record, origin);
          const search = searchText(record);
          segment.add(
            {
              row,
              search,
              contentHash: compared ? search.contentHash : null,
              fileId: task.fileId,
              recordIndex: index,
            },
            Date.parse(row.time) * 1000,
          );
        } catch (error) {
          // Hostile input must cost one record, never the file or the load.
          reject(
            index,
            error instanceof InvalidRecordError
              ? error.message
              : `could not be ${row ? "stored" : "read"}: ${errorText(error)}`,
          );
          continue;
        }
        records += 1;
      }
      if (segment.isFull) context.flush();
    },
    context.readerOptions,
  );
  if (packFailure !== null) throw packFailure;
  const complete = !summary.problems.some((p) => p.kind === "read-failed");
  segment.finish(
    {
      fileId: task.fileId,
      kind: task.kind,
      source: task.source,
      key: task.key,
      version: task.version,
      format: summary.format,
      records,
      bytes: summary.bytesIn,
      complete,
      pack: packed > 0 ? start.pack : null,
      packOffset: packed > 0 ? start.offset : null,
      packLength: packed > 0 ? packed : null,
      // Event history's windows are not files a digest could list.
      sha256: compared ? summary.sha256 : null,
    },
    { fileId: task.fileId, complete, problems: [...summary.problems, ...problems] },
  );
  return { fileId: task.fileId, records, bytes: summary.bytesIn };
}
