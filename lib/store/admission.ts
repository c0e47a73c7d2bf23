import { AsyncLocalStorage } from "node:async_hooks";
import { availableParallelism } from "node:os";
import type { DuckDBConnection } from "@duckdb/node-api";
import { BackgroundGate, type BackgroundGateOptions } from "./background-gate";
import { FairLimiter, QueueFullError } from "./fair-limiter";
import { RecentUse } from "./recent-use";

/**
 * Admission to the store's read connections (#22). Each kind of work has its
 * own connections and its own bounded queue, so pages and permalinks keep
 * answering while summaries, exports and loads run: a kind that is busy makes
 * only its own requests wait, and a full queue refuses at once (StoreBusyError,
 * a 503 with Retry-After) instead of piling up. Within a kind, a user who has
 * kept its connections busy lately (the user a route handler names with
 * asRequester) waits behind everyone else and runs one query at a time
 * (fair-limiter.ts, recent-use.ts): one user's stream of costly requests takes
 * a share of the machine, not all of it. Across kinds, export chunks and the
 * queries of such users are background work (background-gate.ts): they run
 * one at a time when nothing else is running or waiting, so the cores go to
 * pages and summaries first. Connections are kept for reuse,
 * at most as many as may run at once. Store queries run on libuv's thread pool,
 * which scripts/serve.mjs sizes for every kind at once (threadPoolNeeded).
 */

/**
 * - `pages`: what a person waits for: a page of events, a permalink, an event's
 *   detail and related events, the problems list, the health check.
 * - `summaries`: counts over a whole view: facets, Who did what, integrity, and
 *   a first page that must read every event of its view to count it (free
 *   text, an address, a principal: what event_counts does not keep).
 * - `exports`: one chunk of an export at a time.
 * - `loads`: what a load reads to plan and commit (its writes have their own connection).
 */
export const WORK_KINDS = ["pages", "summaries", "exports", "loads"] as const;
export type WorkKind = (typeof WORK_KINDS)[number];

export interface WorkLimit {
  /** Queries of this kind run at once. */
  connections: number;
  /** Queries of this kind waiting for a connection, at most; more are refused. */
  waiting: number;
}

/**
 * As many page queries at once as cores (at least 2), half as many summaries
 * (at least 2), a quarter as many export chunks and one load query; a queue
 * long enough for a burst of users, short enough to answer busy within seconds.
 */
export function defaultWorkLimits(cores = availableParallelism()): Record<WorkKind, WorkLimit> {
  return {
    pages: { connections: Math.max(2, cores), waiting: 500 },
    summaries: { connections: Math.max(2, Math.floor(cores / 2)), waiting: 200 },
    exports: { connections: Math.max(1, Math.floor(cores / 4)), waiting: 64 },
    loads: { connections: 1, waiting: Infinity },
  };
}

/** How fast a user's use of the store fades: by half every 15 s. */
const USE_HALF_LIFE_MS = 15_000;
/**
 * Use beyond which a user waits behind the others: a quarter of a connection
 * kept busy all the time (a connection busy all the time settles at 21.6 s),
 * or 5 s of queries at once. Someone reading pages and summaries uses a
 * fraction of that (about 1 s in the bench's browsing users). On a server no
 * one else uses, a heavy user's work starts at once all the same.
 */
export const HEAVY_USE_MS = 5_000;
/**
 * Background work (background-gate.ts) starts after 25 ms with no other work,
 * takes at most a quarter of the time while others use the store (a pause
 * three times as long as a task that ran beside theirs), and starts anyway
 * once it has waited 10 s; beyond 100 waiting, it is refused as busy.
 */
const BACKGROUND: BackgroundGateOptions = {
  idleMs: 25,
  cooldownFactor: 3,
  maxWaitMs: 10_000,
  maxWaiting: 100,
};

/** Set inside admitted store work: a query made from within it is not made to wait again. */
const admitted = new AsyncLocalStorage<true>();

/** Who the store work of a request is for: process-wide, as the store is (see isStoreBusyError). */
const requesters = ((
  globalThis as { __trailglassRequesters?: AsyncLocalStorage<string | null> }
).__trailglassRequesters ??= new AsyncLocalStorage<string | null>());

/**
 * Runs `fn` with the store queries it makes counted as `user`'s, for their
 * turns (null: no one in particular, as with access control off).
 */
export function asRequester<T>(user: string | null, fn: () => T): T {
  return requesters.run(user, fn);
}

/**
 * Threads of libuv's pool the server may keep busy at once: every kind's
 * connections, the writer's, and four for file reads and compression
 * (password checks have a thread of their own). Fewer, and a page waits for a thread
 * behind exports and summaries (scripts/serve.mjs sizes the pool above this).
 */
export function threadPoolNeeded(limits: Record<WorkKind, WorkLimit>): number {
  return WORK_KINDS.reduce((n, kind) => n + limits[kind].connections, 1) + 4;
}

const WHAT: Record<WorkKind, string> = {
  pages: "pages of events",
  summaries: "summaries and counts",
  exports: "exports",
  loads: "loading",
};

/** A kind of work whose queue is full: the server is busy, the request may be tried again. */
export class StoreBusyError extends Error {
  override readonly name = "StoreBusyError";
  constructor(readonly kind: WorkKind) {
    super(`the server is busy with other ${WHAT[kind]}; try again in a moment`);
  }
}

/**
 * Told by its name, not `instanceof`: the store is made by the server's
 * instrumentation bundle, whose copy of this class is not a route's.
 */
export function isStoreBusyError(error: unknown): error is StoreBusyError {
  return error instanceof Error && error.name === "StoreBusyError";
}

export class StoreAdmission {
  private readonly limiters: Record<WorkKind, FairLimiter>;
  /** Each user's recent use of the connections, all kinds together. */
  readonly use = new RecentUse(USE_HALF_LIFE_MS);
  private readonly gate = new BackgroundGate(BACKGROUND);
  private readonly idle: DuckDBConnection[] = [];
  private closed = false;

  constructor(
    private readonly connect: () => Promise<DuckDBConnection>,
    readonly limits: Record<WorkKind, WorkLimit> = defaultWorkLimits(),
  ) {
    const heavy = (user: string) => this.isHeavy(user);
    this.limiters = Object.fromEntries(
      WORK_KINDS.map((k) => [k, new FairLimiter(limits[k].connections, limits[k].waiting, heavy)]),
    ) as Record<WorkKind, FairLimiter>;
  }

  private isHeavy(user: string): boolean {
    return this.use.of(user) > HEAVY_USE_MS;
  }

  /** Export chunks and heavy users' queries waiting for their turn as background work. */
  get waitingInBackground(): number {
    return this.gate.waiting;
  }

  /** Queries of `kind` waiting for a connection. */
  waiting(kind: WorkKind): number {
    return this.limiters[kind].waiting;
  }

  /**
   * Runs `fn` on a connection once `kind` has one free for the requester
   * (asRequester), and counts the time it takes as theirs; an export chunk or a
   * heavy user's query first waits its turn as background work. A connection
   * whose work failed is closed rather than reused (its state is not known).
   */
  async run<T>(kind: WorkKind, fn: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    // A load runs for everyone, whoever's request started it.
    const user = kind === "loads" ? null : (requesters.getStore() ?? null);
    const onConnection = () => admitted.run(true, () => this.onConnection(kind, user, fn));
    try {
      // Loads are neither foreground nor background: they run beside both.
      if (admitted.getStore() || kind === "loads") return await onConnection();
      const background = kind === "exports" || (user !== null && this.isHeavy(user));
      return background
        ? await this.gate.backgroundRun(onConnection)
        : await this.gate.foregroundRun(onConnection);
    } catch (error) {
      if (error instanceof QueueFullError) throw new StoreBusyError(kind);
      throw error;
    }
  }

  /** Runs `fn` once `kind` has a connection free for `user`, counting its time as theirs. */
  private async onConnection<T>(
    kind: WorkKind,
    user: string | null,
    fn: (connection: DuckDBConnection) => Promise<T>,
  ): Promise<T> {
    return this.limiters[kind].run(user, async () => {
      // Exports have their own bound (export-slots.ts): a long one does not make its user heavy.
      const end = user !== null && kind !== "exports" ? this.use.start(user) : () => undefined;
      const connection = this.idle.pop() ?? (await this.connect());
      let reusable = false;
      try {
        const result = await fn(connection);
        reusable = true;
        return result;
      } finally {
        if (reusable && !this.closed) this.idle.push(connection);
        else connection.closeSync();
        end();
      }
    });
  }

  close(): void {
    this.closed = true;
    for (const connection of this.idle.splice(0)) connection.closeSync();
  }
}
