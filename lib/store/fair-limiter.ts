/** A task refused because as many tasks as the limiter allows are already waiting. */
export class QueueFullError extends Error {}

interface Waiting {
  key: string | null;
  start: () => void;
}

/**
 * Runs at most `limit` tasks at once, in the order they came, except the tasks
 * of keys (users) that have kept the slots busy lately (`isHeavy`): theirs
 * start only when no one else's is waiting, and a heavy key runs at most
 * `perHeavy` at once. So a user who keeps asking for costly work gets a share
 * of the slots, never all of them, and does not make the others wait behind
 * it; everyone else is served first come, first served. Tasks without a key
 * (no one in particular: access control off) are never heavy. Beyond
 * `maxWaiting` waiting tasks, a task is refused (QueueFullError).
 */
export class FairLimiter {
  private active = 0;
  private readonly activeByKey = new Map<string, number>();
  private readonly queue: Waiting[] = [];

  constructor(
    readonly limit: number,
    readonly maxWaiting: number,
    private readonly isHeavy: (key: string) => boolean,
    readonly perHeavy = 1,
  ) {}

  /** Tasks waiting for a slot. */
  get waiting(): number {
    return this.queue.length;
  }

  async run<T>(key: string | null, task: () => Promise<T>): Promise<T> {
    if (this.queue.length >= this.maxWaiting && this.active >= this.limit) {
      throw new QueueFullError(`${this.queue.length} tasks are already waiting`);
    }
    await new Promise<void>((start) => {
      this.queue.push({ key, start });
      this.dispatch();
    });
    try {
      return await task();
    } finally {
      this.active -= 1;
      if (key !== null) {
        const left = (this.activeByKey.get(key) ?? 1) - 1;
        if (left > 0) this.activeByKey.set(key, left);
        else this.activeByKey.delete(key);
      }
      this.dispatch();
    }
  }

  private heavy(key: string | null): boolean {
    return key !== null && this.isHeavy(key);
  }

  /** Starts waiting tasks while slots are free: the first not heavy, else the first heavy one under its share. */
  private dispatch(): void {
    while (this.active < this.limit) {
      let next = this.queue.findIndex((w) => !this.heavy(w.key));
      if (next < 0) {
        next = this.queue.findIndex((w) => (this.activeByKey.get(w.key!) ?? 0) < this.perHeavy);
      }
      if (next < 0) return;
      const [{ key, start }] = this.queue.splice(next, 1) as [Waiting];
      this.active += 1;
      if (key !== null) this.activeByKey.set(key, (this.activeByKey.get(key) ?? 0) + 1);
      start();
    }
  }
}
