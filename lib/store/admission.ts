import { availableParallelism } from "node:os";
import type { DuckDBConnection } from "@duckdb/node-api";
import { ConcurrencyLimiter, QueueFullError } from "../load/concurrency";

/**
 * Admission to the store's read connections (#22). Each kind of work has its
 * own connections and its own bounded queue, so pages and permalinks keep
 * answering while summaries, exports and loads run: a kind that is busy makes
 * only its own requests wait, and a full queue refuses at once (StoreBusyError,
 * a 503 with Retry-After) instead of piling up. Connections are kept for reuse,
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

/**
 * Threads of libuv's pool the server may keep busy at once: every kind's
 * connections, the writer's, and four for password checks (two at once,
 * lib/auth/sign-in.ts) and file reads. Fewer, and a page waits for a thread
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
  private readonly limiters: Record<WorkKind, ConcurrencyLimiter>;
  private readonly idle: DuckDBConnection[] = [];
  private closed = false;

  constructor(
    private readonly connect: () => Promise<DuckDBConnection>,
    readonly limits: Record<WorkKind, WorkLimit> = defaultWorkLimits(),
  ) {
    this.limiters = Object.fromEntries(
      WORK_KINDS.map((k) => [k, new ConcurrencyLimiter(limits[k].connections, limits[k].waiting)]),
    ) as Record<WorkKind, ConcurrencyLimiter>;
  }

  /** Queries of `kind` waiting for a connection. */
  waiting(kind: WorkKind): number {
    return this.limiters[kind].waiting;
  }

  /**
   * Runs `fn` on a connection once `kind` has one free. A connection whose
   * work failed is closed rather than reused (its state is not known).
   */
  async run<T>(kind: WorkKind, fn: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    let admitted = false;
    try {
      return await this.limiters[kind].run(async () => {
        admitted = true;
        const connection = this.idle.pop() ?? (await this.connect());
        let reusable = false;
        try {
          const result = await fn(connection);
          reusable = true;
          return result;
        } finally {
          if (reusable && !this.closed) this.idle.push(connection);
          else connection.closeSync();
        }
      });
    } catch (error) {
      if (!admitted && error instanceof QueueFullError) throw new StoreBusyError(kind);
      throw error;
    }
  }

  close(): void {
    this.closed = true;
    for (const connection of this.idle.splice(0)) connection.closeSync();
  }
}
