import { QueueFullError } from "./fair-limiter";

/** How background work waits (see BackgroundGate). */
export interface BackgroundGateOptions {
  idleMs: number;
  cooldownFactor: number;
  maxWaitMs: number;
  /** Background tasks waiting, at most; more are refused (QueueFullError). */
  maxWaiting: number;
}

/**
 * Store work that may wait for the rest (#22): the chunks of exports and the
 * queries of users who kept the store busy lately. Connections per kind are
 * not enough: the queries of every kind share the same cores, so a heavy
 * user's scans of a year, or eight exports reading chunk after chunk, slowed
 * every page while they ran. Background work starts only when no other work
 * has run or waited for `idleMs` (a request's queries follow one another with
 * short gaps), one task at a time; and a task that ran while other work came
 * is followed by a pause `cooldownFactor` times as long as it took, so while
 * people use the server, background work takes at most a fraction of it. One
 * that has waited `maxWaitMs` starts anyway (after any pause), so on a server
 * that is never idle it is slow, never stuck.
 */
export class BackgroundGate {
  /** Foreground tasks arrived and not finished (waiting for a connection or running). */
  private foreground = 0;
  private foregroundEndedAt = -Infinity;
  private running = false;
  /** Whether foreground work was pending while the running background task ran. */
  private collided = false;
  private pausedUntil = -Infinity;
  private readonly queue: { start: () => void; since: number }[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    readonly options: BackgroundGateOptions,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Background tasks waiting for their turn. */
  get waiting(): number {
    return this.queue.length;
  }

  /** Runs `task` as foreground work: background work does not start while it waits or runs. */
  async foregroundRun<T>(task: () => Promise<T>): Promise<T> {
    this.foreground += 1;
    if (this.running) this.collided = true;
    try {
      return await task();
    } finally {
      this.foreground -= 1;
      this.foregroundEndedAt = this.now();
      this.dispatch();
    }
  }

  /** Runs `task` as background work (see the class), one at a time, in the order they came. */
  async backgroundRun<T>(task: () => Promise<T>): Promise<T> {
    if (this.queue.length >= this.options.maxWaiting) {
      throw new QueueFullError(`${this.queue.length} background tasks are already waiting`);
    }
    await new Promise<void>((start) => {
      this.queue.push({ start, since: this.now() });
      this.dispatch();
    });
    const started = this.now();
    this.collided = this.foreground > 0;
    try {
      return await task();
    } finally {
      this.running = false;
      if (this.collided) {
        this.pausedUntil = this.now() + this.options.cooldownFactor * (this.now() - started);
      }
      this.dispatch();
    }
  }

  private dispatch(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.running || this.queue.length === 0) return;
    const now = this.now();
    const first = this.queue[0]!;
    const idleAt = this.foreground > 0 ? Infinity : this.foregroundEndedAt + this.options.idleMs;
    const agedAt = first.since + this.options.maxWaitMs;
    const startAt = Math.max(this.pausedUntil, Math.min(idleAt, agedAt));
    if (startAt > now) {
      // Looked at again when foreground work ends, or at the time it may start.
      this.timer = setTimeout(() => this.dispatch(), startAt - now);
      this.timer.unref?.();
      return;
    }
    this.queue.shift();
    this.running = true;
    first.start();
  }
}
