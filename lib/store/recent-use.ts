/**
 * Time each user kept the store's connections busy lately: every query's
 * duration, fading by half every `halfLifeMs`, and the time so far of the
 * queries still running (so a burst of long queries counts while it runs, not
 * only once it ends). A user who keeps one connection
 * busy all the time settles at about 1.44 half-lives of use; one who asks for
 * a page or a summary now and then stays far below that.
 */
export class RecentUse {
  private readonly use = new Map<string, { ms: number; at: number }>();
  /** Start times of each user's queries running now. */
  private readonly running = new Map<string, number[]>();

  constructor(
    readonly halfLifeMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** `user`'s use now, in ms. */
  of(user: string): number {
    const now = this.now();
    const starts = this.running.get(user) ?? [];
    return starts.reduce((ms, start) => ms + (now - start), this.ended(user, now));
  }

  /** `user`'s use by the queries that ended, faded to `now`. */
  private ended(user: string, now: number): number {
    const entry = this.use.get(user);
    return entry ? entry.ms * 0.5 ** ((now - entry.at) / this.halfLifeMs) : 0;
  }

  /** Counts a query of `user` from now; the function returned ends it (and adds its time). */
  start(user: string): () => void {
    const started = this.now();
    const starts = this.running.get(user) ?? [];
    starts.push(started);
    this.running.set(user, starts);
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      starts.splice(starts.indexOf(started), 1);
      if (starts.length === 0) this.running.delete(user);
      this.add(user, this.now() - started);
    };
  }

  add(user: string, ms: number): void {
    const now = this.now();
    this.use.set(user, { ms: this.ended(user, now) + ms, at: now });
    // Bounded: users whose use has faded away are forgotten.
    if (this.use.size > 1_000) {
      for (const [name, entry] of this.use) {
        if (entry.ms * 0.5 ** ((now - entry.at) / this.halfLifeMs) < 1) this.use.delete(name);
      }
    }
  }
}
