/**
 * Spaces requests so that no more than `perSecond` start in any one-second
 * window, per key (an account-Region for LookupEvents). One instance per key
 * is shared by every user and request of the process, via `sharedRateLimiter`.
 */
export class RequestRateLimiter {
  private nextSlot = 0;

  constructor(
    /** Minimum time between two request starts. */
    readonly spacingMs: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) =>
      new Promise((resolve) => setTimeout(resolve, ms)),
  ) {}

  /** Resolves when the caller may send its request; slots are handed out in call order. */
  async acquire(): Promise<void> {
    const now = this.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + this.spacingMs;
    if (slot > now) await this.sleep(slot - now);
  }

  /** Pushes every later slot back: the service said we went too fast (throttled). */
  backOff(ms: number): void {
    this.nextSlot = Math.max(this.nextSlot, this.now() + ms);
  }
}

/** LookupEvents allows 2 requests/s per account and Region; 10% margin for network jitter. */
const LOOKUP_SPACING_MS = 550;

const limiters = ((
  globalThis as { __trailglassRateLimiters?: Map<string, RequestRateLimiter> }
).__trailglassRateLimiters ??= new Map());

/** The process-wide limiter of a key (kept on globalThis across Next dev reloads). */
export function sharedRateLimiter(key: string, spacingMs = LOOKUP_SPACING_MS): RequestRateLimiter {
  let limiter = limiters.get(key);
  if (!limiter) {
    limiter = new RequestRateLimiter(spacingMs);
    limiters.set(key, limiter);
  }
  return limiter;
}
