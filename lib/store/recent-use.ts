/**
 * Time each user kept the store's connections busy lately: every query's
 * duration, fading by half every `halfLifeMs`. A user who keeps one connection
 * busy all the time settles at about 1.44 half-lives of use; one who asks for
 * a page or a summary now and then stays far below that.
 */
export class RecentUse {
  private readonly use = new Map<string, { ms: number; at: number }>();

  constructor(
    readonly halfLifeMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** `user`'s use now, in ms. */
  of(user: string): number {
    const entry = this.use.get(user);
    return entry ? entry.ms * 0.5 ** ((this.now() - entry.at) / this.halfLifeMs) : 0;
  }

  add(user: string, ms: number): void {
    const now = this.now();
    this.use.set(user, { ms: this.of(user) + ms, at: now });
    // Bounded: users whose use has faded away are forgotten.
    if (this.use.size > 1_000) {
      for (const [name, entry] of this.use) {
        if (entry.ms * 0.5 ** ((now - entry.at) / this.halfLifeMs) < 1) this.use.delete(name);
      }
    }
  }
}
