import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { ReaderOptions } from "../reader";
import type {
  FileResult,
  FileTask,
  FromWorker,
  Segment,
  ToWorker,
  WorkerConfig,
} from "./worker/protocol";

/**
 * The load workers (lib/load/worker/load-worker.ts), one per core: the main
 * thread hands them files and gets back segments of staged rows; it only reads
 * the bytes of files it must fetch itself (S3 objects, LookupEvents windows)
 * and passes them on. Workers stop after a quiet minute and start again on
 * demand.
 */

/**
 * The worker's script: the bundle a production build ships (written by
 * scripts/build-load-worker.mjs), else its TypeScript source run through tsx.
 * The server's bundler must not follow these paths (it would bundle tsx and
 * esbuild into the routes, or trace the whole project).
 */
const BUNDLE = ["dist", "load-worker.cjs"];
const SOURCE_ENTRY = ["lib", "load", "worker", "dev-entry.cjs"];

function workerScript(): string {
  const bundle = path.join(/*turbopackIgnore: true*/ process.cwd(), ...BUNDLE);
  if (process.env.NODE_ENV === "production") {
    if (!existsSync(bundle)) {
      throw new Error(`the load worker ${bundle} is missing: run "npm run build"`);
    }
    return bundle;
  }
  return path.join(/*turbopackIgnore: true*/ process.cwd(), ...SOURCE_ENTRY);
}

/** Bytes of a main-thread file sent with its task; the rest is pulled by the worker. */
const HEAD_BYTES = 1 << 20;
const IDLE_MS = 60_000;

/**
 * A worker's heap. Parsing makes short-lived objects by the million: a young
 * generation larger than V8's default collects them in fewer passes (48 MB
 * measured no faster than 24 MB, and held more memory). The old generation
 * holds one file's records at a time (a record is at most 16 MB of JSON).
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 24, maxOldGenerationSizeMb: 384 };

/** A worker stopped (it could not write the store's files): its files were not read. */
export class WorkerLostError extends Error {}

export interface PoolHandlers {
  segment(segment: Segment): void;
  /**
   * A worker stopped: its files in flight fail with this, and so do `files`,
   * read by it but not handed over in a segment yet (their rows are lost).
   */
  failed(message: string, files: number[]): void;
  /** Files of a batch were read: rows may be waiting in the worker. */
  read(): void;
}

interface Pending {
  resolve: (results: FileResult[]) => void;
  reject: (error: Error) => void;
  files: number;
}

class PoolWorker {
  readonly pending = new Map<number, Pending>();
  /** Files the main thread fetches for this worker: their bytes still to come. */
  readonly streams = new Map<
    number,
    { iterator: AsyncIterator<Uint8Array>; fetched: () => void }
  >();
  /** Flush requests not answered yet (a lost worker answers them all). */
  readonly flushes = new Map<number, () => void>();
  /** Files read whose end is not in a segment handed over yet. */
  readonly unflushed = new Set<number>();
  queuedFiles = 0;
  alive = true;

  constructor(
    readonly worker: Worker,
    readonly id: number,
  ) {}

  send(message: ToWorker, transfer?: ArrayBuffer[]): void {
    if (this.alive) this.worker.postMessage(message, transfer);
  }
}

let started = 0;

/** A fresh copy, so the transfer cannot detach a buffer shared with others (Node's pool). */
function ownCopy(chunks: Uint8Array[]): Uint8Array {
  const total = chunks.reduce((n, c) => n + c.length, 0);
  const copy = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    copy.set(c, at);
    at += c.length;
  }
  return copy;
}

export class LoadWorkerPool {
  private workers: PoolWorker[] = [];
  private nextBatch = 1;
  private nextFlush = 1;
  private idleTimer: NodeJS.Timeout | null = null;
  readonly size: number;

  private readonly headBytes: number;

  constructor(
    private readonly config: Omit<WorkerConfig, "prefix">,
    private readonly handlers: PoolHandlers,
    options: { workers?: number; headBytes?: number } = {},
  ) {
    this.size = Math.max(1, options.workers ?? os.availableParallelism());
    this.headBytes = options.headBytes ?? HEAD_BYTES;
  }

  /** Reads files the workers open themselves (local paths), as one batch. */
  readBatch(tasks: FileTask[], readerOptions: ReaderOptions): Promise<FileResult[]> {
    const worker = this.leastBusy();
    const batch = this.nextBatch++;
    worker.queuedFiles += tasks.length;
    return new Promise((resolve, reject) => {
      worker.pending.set(batch, { resolve, reject, files: tasks.length });
      worker.send({ type: "files", batch, files: tasks, readerOptions });
    });
  }

  /**
   * Reads one file whose bytes the main thread fetches (`open`): `fetched`
   * resolves once all its bytes are handed to a worker (or fetching failed),
   * `read` once the worker is done with it.
   */
  readStreamed(
    task: FileTask,
    open: () => AsyncIterable<Uint8Array> | NodeJS.ReadableStream,
    readerOptions: ReaderOptions,
  ): { fetched: Promise<void>; read: Promise<FileResult> } {
    let fetchedDone!: () => void;
    const fetched = new Promise<void>((resolve) => (fetchedDone = resolve));
    const read = this.sendStreamed(task, open, readerOptions, fetchedDone);
    // Whatever happens, fetching is over once the read is.
    void read.then(fetchedDone, fetchedDone);
    return { fetched, read };
  }

  private async sendStreamed(
    task: FileTask,
    open: () => AsyncIterable<Uint8Array> | NodeJS.ReadableStream,
    readerOptions: ReaderOptions,
    fetched: () => void,
  ): Promise<FileResult> {
    const chunks: Uint8Array[] = [];
    let size = 0;
    let ended = false;
    let iterator: AsyncIterator<Uint8Array> | null = null;
    let failure: string | undefined;
    try {
      iterator = (open() as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
      while (size < this.headBytes) {
        const step = await iterator.next();
        if (step.done) {
          ended = true;
          break;
        }
        chunks.push(step.value);
        size += step.value.length;
      }
    } catch (error) {
      failure = (error as Error).message;
    }
    const head = ownCopy(chunks);
    const worker = this.leastBusy();
    const batch = this.nextBatch++;
    worker.queuedFiles += 1;
    // An empty head is no end: the worker pulls the first chunk itself.
    if (!ended && iterator && failure === undefined) {
      worker.streams.set(task.fileId, { iterator, fetched });
    } else {
      fetched();
    }
    const results = await new Promise<FileResult[]>((resolve, reject) => {
      worker.pending.set(batch, { resolve, reject, files: 1 });
      worker.send(
        {
          type: "files",
          batch,
          files: [{ ...task, head, ended: ended || failure !== undefined, headError: failure }],
          readerOptions,
        },
        [head.buffer as ArrayBuffer],
      );
    });
    const result = results[0];
    if (!result) throw new Error(`the load worker did not read ${task.key}`);
    return result;
  }

  /** Asks every worker to hand over the rows it holds; resolves once all did. */
  flush(): Promise<void> {
    const request = this.nextFlush++;
    const acks = this.workers
      .filter((w) => w.alive)
      .map(
        (w) =>
          new Promise<void>((resolve) => {
            w.flushes.set(request, resolve);
            w.send({ type: "flush", request });
          }),
      );
    return Promise.all(acks).then(() => undefined);
  }

  get busy(): boolean {
    return this.workers.some((w) => w.pending.size > 0);
  }

  async close(): Promise<void> {
    const workers = this.workers;
    this.workers = [];
    if (this.idleTimer) clearTimeout(this.idleTimer);
    for (const w of workers) w.alive = false;
    await Promise.all(workers.map((w) => w.worker.terminate()));
  }

  private leastBusy(): PoolWorker {
    this.touch();
    const live = this.workers.filter((w) => w.alive);
    if (live.length < this.size) return this.spawn();
    return live.reduce((a, b) => (b.queuedFiles < a.queuedFiles ? b : a));
  }

  private spawn(): PoolWorker {
    started += 1;
    const prefix = `${process.pid}-${Date.now().toString(36)}-${started}`;
    const worker = new Worker(workerScript(), {
      workerData: { ...this.config, prefix } satisfies WorkerConfig,
      resourceLimits: WORKER_LIMITS,
    });
    // Idle workers must not keep a process (a test, a CLI) alive.
    worker.unref();
    const state = new PoolWorker(worker, started);
    worker.on("message", (message: FromWorker) => this.onMessage(state, message));
    worker.on("error", (error) => this.lose(state, `the load worker failed: ${error.message}`));
    worker.on("exit", (code) => {
      if (state.alive) this.lose(state, `the load worker exited (code ${code})`);
    });
    this.workers.push(state);
    return state;
  }

  private onMessage(state: PoolWorker, message: FromWorker): void {
    switch (message.type) {
      case "read": {
        const pending = state.pending.get(message.batch);
        state.pending.delete(message.batch);
        for (const result of message.results) state.unflushed.add(result.fileId);
        if (pending) {
          state.queuedFiles -= pending.files;
          pending.resolve(message.results);
        }
        this.handlers.read();
        this.touch();
        break;
      }
      case "segment":
        for (const file of message.segment.finished) state.unflushed.delete(file.fileId);
        this.handlers.segment(message.segment);
        break;
      case "pull":
        void this.pull(state, message.fileId);
        break;
      case "failed":
        this.lose(state, message.message);
        break;
      case "flushed":
        state.flushes.get(message.request)?.();
        state.flushes.delete(message.request);
        break;
      case "closed":
        break;
    }
  }

  /** The next chunk of a streamed file, to the worker that reads it. */
  private async pull(state: PoolWorker, fileId: number): Promise<void> {
    const stream = state.streams.get(fileId);
    const done = () => {
      state.streams.delete(fileId);
      stream?.fetched();
    };
    try {
      const step = stream
        ? await stream.iterator.next()
        : { done: true as const, value: undefined };
      if (step.done) {
        done();
        state.send({ type: "chunk", fileId, bytes: null });
        return;
      }
      const bytes = ownCopy([step.value]);
      state.send({ type: "chunk", fileId, bytes }, [bytes.buffer as ArrayBuffer]);
    } catch (error) {
      done();
      state.send({ type: "chunk", fileId, bytes: null, error: (error as Error).message });
    }
  }

  /** A worker that cannot go on: its files fail, the next files go to a new one. */
  private lose(state: PoolWorker, message: string): void {
    if (!state.alive) return;
    state.alive = false;
    this.workers = this.workers.filter((w) => w !== state);
    void state.worker.terminate();
    for (const pending of state.pending.values()) pending.reject(new WorkerLostError(message));
    state.pending.clear();
    for (const answer of state.flushes.values()) answer();
    state.flushes.clear();
    for (const { iterator, fetched } of state.streams.values()) {
      void iterator.return?.();
      fetched();
    }
    state.streams.clear();
    this.handlers.failed(message, [...state.unflushed]);
    state.unflushed.clear();
  }

  /** Stops the workers after a quiet spell (they come back on the next file). */
  private touch(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      if (this.busy) return this.touch();
      for (const w of this.workers) w.send({ type: "close" });
      const closing = this.workers;
      this.workers = [];
      // Their last segments arrive before "closed"; then they end.
      for (const w of closing) {
        w.worker.on("message", (m: FromWorker) => {
          if (m.type === "closed") {
            w.alive = false;
            void w.worker.terminate();
          }
        });
      }
    }, IDLE_MS);
    this.idleTimer.unref();
  }
}
