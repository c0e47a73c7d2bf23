/** A task refused because as many tasks as the limiter allows are already waiting. */
export class QueueFullError extends Error {}

/**
 * Runs at most `limit` tasks at once, in the order they were queued. With
 * `maxWaiting`, a task that would wait behind that many others is refused
 * (QueueFullError) instead of piling up.
 */
export class ConcurrencyLimiter {
  private active = 0;
  private readonly queue: (() => void)[] = [];

  constructor(
    readonly limit: number,
    readonly maxWaiting = Infinity,
  ) {}

  /** Tasks waiting for a slot. */
  get waiting(): number {
    return this.queue.length;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) {
      if (this.queue.length >= this.maxWaiting) {
        throw new QueueFullError(`${this.queue.length} tasks are already waiting`);
      }
      await new Promise<void>((resolve) => this.queue.push(resolve));
    } else {
      this.active += 1;
    }
    try {
      return await task();
    } finally {
      const next = this.queue.shift();
      if (next) next();
      else this.active -= 1;
    }
  }
}
