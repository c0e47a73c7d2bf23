/**
 * Exports running at once, per user and for the whole server (#22): an
 * export holds a chunk in memory and takes turns on the store's export
 * connections for as long as its client reads, so their number is bounded.
 * Beyond a user's share the answer is 429 (that user should wait for one of
 * theirs to end); beyond the server's, 503 (everyone should wait).
 */

export class ExportLimitError extends Error {
  override readonly name = "ExportLimitError";
  constructor(
    message: string,
    /** `user`: the user's own exports are at the limit; `server`: everyone's are. */
    readonly scope: "user" | "server",
  ) {
    super(message);
  }
}

/**
 * Told by its name, not `instanceof`: the slots are made by the server's
 * instrumentation bundle, whose copy of this class is not a route's.
 */
export function isExportLimitError(error: unknown): error is ExportLimitError {
  return error instanceof Error && error.name === "ExportLimitError";
}

export class ExportSlots {
  private readonly byUser = new Map<string, number>();
  private running = 0;

  constructor(
    readonly perUser: number,
    readonly total: number,
  ) {}

  /** Exports running now. */
  get active(): number {
    return this.running;
  }

  /** Takes a slot for `user`, or refuses; the result gives it back (once, however often called). */
  take(user: string): () => void {
    const mine = this.byUser.get(user) ?? 0;
    if (mine >= this.perUser) {
      throw new ExportLimitError(
        `You are already running ${mine} export${mine === 1 ? "" : "s"}, as many as one user may ` +
          "at once: wait for one to finish (or cancel it), then try again.",
        "user",
      );
    }
    if (this.running >= this.total) {
      throw new ExportLimitError(
        `The server is running as many exports as it allows at once (${this.total}): try again in a minute.`,
        "server",
      );
    }
    this.byUser.set(user, mine + 1);
    this.running += 1;
    let given = false;
    return () => {
      if (given) return;
      given = true;
      this.running -= 1;
      const left = (this.byUser.get(user) ?? 1) - 1;
      if (left > 0) this.byUser.set(user, left);
      else this.byUser.delete(user);
    };
  }
}
