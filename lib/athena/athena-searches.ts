import { createHash } from "node:crypto";
import type { EventFilter } from "../query/event-query";
import type { TrailFileSource } from "../sources/source-types";
import type { Store } from "../store/database";
import { recallSearch, rememberSearch } from "../store/athena-searches";
import { AthenaFailure, type AthenaQueries, describeAthenaFailure } from "./athena-client";
import { athenaSearchQuery } from "./athena-query";
import type { AthenaSearchStatus } from "./athena-schema";
import type { AthenaSettings } from "./athena-settings";

/**
 * Athena searches: for a view, one query that names the trail files holding
 * its events (athena-query.ts), run once, watched, remembered in the store,
 * and handed to the loader, which reads just those files of the S3 source.
 * A search is known by its SQL: the same view asks the same search.
 */

/** Athena's price: 5 USD per TB scanned (2^40 bytes), each query billed at least 10 MB. */
const DOLLARS_PER_TB = 5;
const MIN_BILLED_BYTES = 10 * 2 ** 20;
export function athenaDollars(bytes: number): number {
  if (bytes <= 0) return 0;
  const billed = Math.max(MIN_BILLED_BYTES, Math.ceil(bytes / 2 ** 20) * 2 ** 20);
  return (billed / 2 ** 40) * DOLLARS_PER_TB;
}

/**
 * An answer this old is asked again when its range reaches into the last day
 * (files for it may have arrived since); an older range's answer holds.
 */
const FRESH_MS = 15 * 60_000;
const DELIVERY_MARGIN_MS = 24 * 60 * 60_000;
/** Searches kept in memory (the store keeps every succeeded one). */
const KEEP_SEARCHES = 50;

export interface AthenaSearchesOptions {
  /** Ask before a query whose estimate scans more than this. */
  confirmAboveBytes: number;
  /** Between two GetQueryExecution calls while a query runs. */
  pollMs?: number;
}

class Search {
  status: AthenaSearchStatus;
  /** Keys (within the source) of the files Athena named, once it succeeded. */
  files: Map<string, number> | null = null;
  executionId: string | null = null;
  startedAt = new Date().toISOString();
  /** Set once the search reaches a state it leaves only when asked again. */
  done: Promise<void> = Promise.resolve();

  constructor(
    readonly id: string,
    readonly filter: EventFilter,
    query: ReturnType<typeof athenaSearchQuery>,
    source: string,
  ) {
    this.status = {
      id,
      state: "estimating",
      queryState: null,
      sql: query.sql,
      source,
      narrowedBy: query.narrowedBy,
      leftToStore: query.leftToStore,
      days: {
        first: query.days[0]!,
        last: query.days[query.days.length - 1]!,
        count: query.days.length,
      },
      estimate: null,
      bytesScanned: 0,
      dollars: 0,
      elapsedMs: 0,
      filesMatched: null,
      eventsMatched: null,
      message: null,
      remembered: false,
      finishedAt: null,
    };
  }
}

export class AthenaSearches {
  private readonly searches = new Map<string, Search>();

  constructor(
    private readonly store: Store,
    private readonly queries: AthenaQueries,
    readonly settings: AthenaSettings,
    /** The S3 source whose bucket the table reads. */
    readonly source: TrailFileSource,
    private readonly options: AthenaSearchesOptions,
  ) {}

  /**
   * The search of `filter`: started when new (from the store when it answered
   * before), run at once unless its estimate needs the user's go-ahead. `run`
   * gives it (and runs again a search that failed or was cancelled).
   */
  ensure(filter: EventFilter, request: { run?: boolean } = {}): Search {
    const query = athenaSearchQuery(filter, this.settings);
    const id = this.idOf(query.sql);
    let search = this.searches.get(id);
    const again =
      request.run &&
      search &&
      ["needs-confirmation", "failed", "cancelled"].includes(search.status.state);
    if (!search || again) {
      search = new Search(id, filter, query, this.source.id);
      this.searches.delete(id);
      this.searches.set(id, search);
      this.forgetOld();
      const s = search;
      s.done = this.begin(s, request.run === true).catch((error: unknown) => this.failed(s, error));
    }
    return search;
  }

  /** The search `filter` has in memory (one started, answered or failed), if any. */
  find(filter: EventFilter): Search | null {
    return this.searches.get(this.idOf(athenaSearchQuery(filter, this.settings).sql)) ?? null;
  }

  private idOf(sql: string): string {
    return createHash("sha256").update(`${this.source.id}\n${sql}`).digest("hex").slice(0, 24);
  }

  /** Stops a running search (StopQueryExecution); false when it is not running. */
  async cancel(id: string): Promise<boolean> {
    const search = this.searches.get(id);
    if (!search || search.status.state !== "running") return false;
    search.status.state = "cancelled";
    search.status.queryState = null;
    search.status.message = "cancelled: Athena was asked to stop the query";
    search.status.finishedAt = new Date().toISOString();
    if (search.executionId) await this.queries.stop(search.executionId);
    return true;
  }

  private forgetOld(): void {
    for (const [id, s] of this.searches) {
      if (this.searches.size <= KEEP_SEARCHES) break;
      if (s.status.state !== "running" && s.status.state !== "estimating") this.searches.delete(id);
    }
  }

  private failed(search: Search, error: unknown): void {
    if (search.status.state === "cancelled") return;
    search.status.state = "failed";
    search.status.queryState = null;
    search.status.message =
      error instanceof AthenaFailure
        ? error.message
        : `the Athena search stopped: ${(error as Error).message}`;
    search.status.finishedAt = new Date().toISOString();
  }

  private async begin(search: Search, confirmed: boolean): Promise<void> {
    const remembered = await recallSearch(this.store, search.id);
    if (remembered && this.stillHolds(remembered.finishedAt, search.filter.to)) {
      search.files = remembered.files;
      search.executionId = remembered.executionId;
      Object.assign(search.status, {
        state: "succeeded",
        remembered: true,
        bytesScanned: remembered.bytesScanned,
        dollars: athenaDollars(remembered.bytesScanned),
        filesMatched: remembered.files.size,
        eventsMatched: [...remembered.files.values()].reduce((a, b) => a + b, 0),
        finishedAt: remembered.finishedAt,
      });
      return;
    }
    search.status.estimate = await this.estimate(search.filter);
    if (!confirmed && search.status.estimate.bytes > this.options.confirmAboveBytes) {
      search.status.state = "needs-confirmation";
      return;
    }
    await this.run(search);
  }

  private stillHolds(finishedAt: string, rangeTo: string): boolean {
    const finished = Date.parse(finishedAt);
    return Date.parse(rangeTo) < finished - DELIVERY_MARGIN_MS || Date.now() - finished < FRESH_MS;
  }

  /** What the query will read, from the S3 listing of its partitions (log files, not Insights). */
  private async estimate(
    filter: EventFilter,
  ): Promise<NonNullable<AthenaSearchStatus["estimate"]>> {
    const plan = await this.source.planRange(filter, filter);
    if (plan.problems.length > 0 && plan.files.length === 0) {
      throw new AthenaFailure(`the trail bucket could not be listed: ${plan.problems[0]!.message}`);
    }
    const logs = plan.files.filter((f) => isLogFileKey(f.key));
    const partitions = new Set(logs.map((f) => f.key.slice(0, f.key.lastIndexOf("/"))));
    const bytes = logs.reduce((sum, f) => sum + f.size, 0);
    return {
      partitions: partitions.size,
      files: logs.length,
      bytes,
      dollars: athenaDollars(bytes),
    };
  }

  private async run(search: Search): Promise<void> {
    const status = search.status;
    // cancel() may end the search between two awaits.
    const cancelled = () => search.status.state === "cancelled";
    status.state = "running";
    status.queryState = "QUEUED";
    const id = await this.queries.start(status.sql);
    search.executionId = id;
    let pause = 250;
    for (;;) {
      const execution = await this.queries.execution(id);
      if (cancelled()) return;
      status.bytesScanned = execution.bytesScanned;
      status.dollars = athenaDollars(execution.bytesScanned);
      status.elapsedMs = execution.elapsedMs;
      if (execution.state === "QUEUED" || execution.state === "RUNNING") {
        status.queryState = execution.state;
        await new Promise((resolve) => setTimeout(resolve, pause));
        pause = Math.min(pause * 2, this.options.pollMs ?? 1000);
        continue;
      }
      if (execution.state === "CANCELLED") {
        throw new AthenaFailure(
          `Athena cancelled the query: ${execution.reason ?? "no reason given"}`,
        );
      }
      if (execution.state === "FAILED") {
        throw new AthenaFailure(
          describeAthenaFailure(execution.reason ?? "no reason given", this.settings),
        );
      }
      break;
    }
    const files = new Map<string, number>();
    const prefix = s3PrefixOf(this.source.id);
    for await (const rows of this.queries.rows(id)) {
      for (const [path, events] of rows) {
        // `"$path"` is s3://bucket/key: the object's key, as the source's listing names it.
        if (path?.startsWith(prefix)) files.set(path.slice(prefix.length), Number(events ?? 0));
      }
    }
    const finishedAt = new Date().toISOString();
    await rememberSearch(this.store, {
      searchId: search.id,
      source: this.source.id,
      sql: status.sql,
      executionId: id,
      range: { from: search.filter.from, to: search.filter.to },
      bytesScanned: status.bytesScanned,
      startedAt: search.startedAt,
      finishedAt,
      files,
    });
    search.files = files;
    Object.assign(status, {
      state: "succeeded",
      queryState: null,
      filesMatched: files.size,
      eventsMatched: [...files.values()].reduce((a, b) => a + b, 0),
      finishedAt,
    });
  }
}

/** `s3://bucket/prefix` -> `s3://bucket/`: a `"$path"` without it is the object's key. */
function s3PrefixOf(sourceId: string): string {
  return `${/^s3:\/\/[^/]+/.exec(sourceId)?.[0] ?? sourceId}/`;
}

/** A trail log file (what the CloudTrail table reads), not an Insights file or a digest. */
export function isLogFileKey(key: string): boolean {
  return /\/CloudTrail\/[^/]+\/\d{4}\/\d{2}\/\d{2}\/[^/]+$/.test(key);
}

export type { Search as AthenaSearch };
