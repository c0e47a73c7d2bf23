import type { ProblemLog } from "./problems";
import type { TrailFileInput } from "./types";

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function toBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array)
    return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  if (typeof chunk === "string") return Buffer.from(chunk, "utf8");
  throw new TypeError(`the input yielded ${chunk === null ? "null" : typeof chunk}, not bytes`);
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === "function"
  );
}

/**
 * The raw bytes of one input. Every failure to open or read becomes a "read-failed" problem
 * and simply ends the bytes; `failed` tells the caller that the end is not the real end.
 */
export class RawSource {
  bytesIn = 0;
  failed = false;
  private iterator: AsyncIterator<unknown> | null = null;
  private done = false;

  constructor(
    private readonly input: TrailFileInput,
    private readonly problems: ProblemLog,
  ) {}

  private open(): AsyncIterator<unknown> | null {
    if (this.iterator || this.done) return this.iterator;
    try {
      const stream: unknown = this.input.open();
      if (!isAsyncIterable(stream)) {
        throw new TypeError("open() returned neither a readable stream nor an async iterable");
      }
      this.iterator = stream[Symbol.asyncIterator]();
    } catch (error) {
      this.fail(`could not open the file: ${errorMessage(error)}`);
    }
    return this.iterator;
  }

  private fail(message: string) {
    this.failed = true;
    this.done = true;
    this.problems.add("read-failed", "error", message);
  }

  /** The next chunk of raw bytes, or null at the end (or after a failure). */
  async next(): Promise<Buffer | null> {
    const iterator = this.open();
    if (!iterator || this.done) return null;
    try {
      for (;;) {
        const step = await iterator.next();
        if (step.done) {
          this.done = true;
          return null;
        }
        const chunk = toBuffer(step.value);
        if (chunk.length === 0) continue;
        this.bytesIn += chunk.length;
        return chunk;
      }
    } catch (error) {
      this.fail(`reading failed after ${this.bytesIn} bytes: ${errorMessage(error)}`);
      return null;
    }
  }

  /** The remaining chunks. */
  async *chunks(): AsyncGenerator<Buffer, void, undefined> {
    for (let chunk = await this.next(); chunk !== null; chunk = await this.next()) yield chunk;
  }

  /** Reads until at least `limit` bytes were read in total or the input ends. */
  async readHead(limit: number): Promise<{ chunks: Buffer[]; ended: boolean }> {
    const chunks: Buffer[] = [];
    let size = 0;
    while (size < limit) {
      const chunk = await this.next();
      if (chunk === null) return { chunks, ended: true };
      chunks.push(chunk);
      size += chunk.length;
    }
    return { chunks, ended: false };
  }

  /** Releases the input when reading stopped before its end. */
  async close(): Promise<void> {
    const iterator = this.iterator;
    if (!iterator || this.done) return;
    this.done = true;
    try {
      await iterator.return?.();
    } catch (error) {
      this.problems.add(
        "read-failed",
        "warning",
        `could not close the file: ${errorMessage(error)}`,
      );
    }
  }
}

export { errorMessage };
