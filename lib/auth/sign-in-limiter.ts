/**
 * Failed sign-ins, counted in memory per (user, address) and per address over
 * a sliding window. Past the limit, sign-in is refused until the window moves
 * on, even with the right password. One process, so no shared store needed.
 */

export interface LimiterOptions {
  windowMs: number;
  perUserAndAddress: number;
  perAddress: number;
}

const DEFAULT_LIMITS: LimiterOptions = {
  windowMs: 15 * 60_000,
  perUserAndAddress: 5,
  perAddress: 20,
};

export class SignInLimiter {
  private failures = new Map<string, number[]>();

  constructor(private readonly options: LimiterOptions = DEFAULT_LIMITS) {}

  private recent(key: string, now: number): number[] {
    const times = (this.failures.get(key) ?? []).filter((t) => t > now - this.options.windowMs);
    if (times.length > 0) this.failures.set(key, times);
    else this.failures.delete(key);
    return times;
  }

  /** Milliseconds until another attempt is allowed, or 0. */
  retryAfter(user: string, address: string, now = Date.now()): number {
    const checks: [string, number][] = [
      [`u:${user.toLowerCase()}|${address}`, this.options.perUserAndAddress],
      [`a:${address}`, this.options.perAddress],
    ];
    let wait = 0;
    for (const [key, limit] of checks) {
      const times = this.recent(key, now);
      if (times.length >= limit) {
        wait = Math.max(wait, times[times.length - limit]! + this.options.windowMs - now);
      }
    }
    return wait;
  }

  fail(user: string, address: string, now = Date.now()): void {
    for (const key of [`u:${user.toLowerCase()}|${address}`, `a:${address}`]) {
      this.failures.set(key, [...this.recent(key, now), now]);
    }
    if (this.failures.size > 10_000) this.failures.clear(); // a flood of addresses: forget, stay small
  }

  succeed(user: string, address: string): void {
    this.failures.delete(`u:${user.toLowerCase()}|${address}`);
  }
}
