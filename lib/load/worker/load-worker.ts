import { parentPort, workerData } from "node:worker_threads";
import type { ReaderOptions } from "../../reader";
import { PackWriter } from "../../store/packs";
import type { FileResult, FileTask, FromWorker, ToWorker, WorkerConfig } from "./protocol";
import { readFileIntoSegment } from "./read-file";
import { SegmentWriter } from "./segment-writer";

/**
 * A load worker: reads the trail files it is given, one after another, into
 * packs and staged segments (see protocol.ts). Its own thread, so decoding
 * and normalizing never hold up the server's requests.
 */

const port = parentPort!;
const config = workerData as WorkerConfig;
const pack = new PackWriter(config.dataDir, config.prefix);
const segment = new SegmentWriter(config.stagingDir, config.prefix, config.segmentRows);
const chunkWaiters = new Map<
  number,
  { resolve: (chunk: Uint8Array | null) => void; reject: (error: Error) => void }
>();
const queue: { batch: number; files: FileTask[]; readerOptions: ReaderOptions }[] = [];
let working = false;
let failed = false;

function send(message: FromWorker, transfer?: ArrayBuffer[]): void {
  port.postMessage(message, transfer);
}

/** Hands the current segment over; its pack bytes are made durable first. */
function flush(): void {
  if (failed || segment.isEmpty) return;
  try {
    pack.sync();
    send({ type: "segment", segment: segment.take() });
  } catch (error) {
    fail(error);
  }
}

function fail(error: unknown): void {
  failed = true;
  send({ type: "failed", message: error instanceof Error ? error.message : String(error) });
}

const context = {
  pack,
  segment,
  readerOptions: {} as ReaderOptions,
  flush,
  pull(fileId: number): Promise<Uint8Array | null> {
    return new Promise((resolve, reject) => {
      chunkWaiters.set(fileId, { resolve, reject });
      send({ type: "pull", fileId });
    });
  },
};

async function work(): Promise<void> {
  if (working) return;
  working = true;
  try {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const results: FileResult[] = [];
      context.readerOptions = next.readerOptions;
      for (const task of next.files) {
        if (failed) break;
        try {
          results.push(await readFileIntoSegment(task, context));
        } catch (error) {
          // Only the store's own files (packs, segments) fail here: nothing more can be kept.
          fail(error);
        }
      }
      send({ type: "read", batch: next.batch, results, pendingRows: segment.pendingRows });
    }
  } finally {
    working = false;
  }
}

port.on("message", (message: ToWorker) => {
  switch (message.type) {
    case "files":
      queue.push({
        batch: message.batch,
        files: message.files,
        readerOptions: message.readerOptions,
      });
      void work();
      break;
    case "chunk": {
      const waiter = chunkWaiters.get(message.fileId);
      chunkWaiters.delete(message.fileId);
      // A failure surfaces in the reader as a read failure of this file.
      if (message.error !== undefined) waiter?.reject(new Error(message.error));
      else waiter?.resolve(message.bytes);
      break;
    }
    case "flush":
      flush();
      send({ type: "flushed", request: message.request });
      break;
    case "close":
      flush();
      pack.close();
      send({ type: "closed" });
      break;
  }
});
