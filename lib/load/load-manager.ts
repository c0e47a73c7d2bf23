import type { Problem } from "../cloudtrail/problem-schema";
import type { TimeRange } from "../query/event-query";
import type { ReaderOptions } from "../reader";
import { deliveryDays, deliveryTimeOfKey } from "../sources/delivery-window";
import type { DigestLoader } from "../integrity/digest-loader";
import type { DigestRef, LoadScope, TrailFileRef, TrailFileSource } from "../sources/source-types";
import type { Store } from "../store/database";
import { type BatchLoad, type EventWriter, StoreWriteError } from "../store/event-writer";
import { loadedFileVersions } from "../store/loaded-files";
import { ConcurrencyLimiter } from "./concurrency";
import { type ListedDays, ListingMemory } from "./listed-days";

/**
 * Keeps the store filled for the ranges people look at. A request for a range
 * starts a load job per source unless the range's delivery days were listed
 * recently or are being loaded; callers see the jobs' progress and may wait.
 */

/** One source's share of a load; calls are counted for API sources (LookupEvents). */
export interface SourceLoadProgress {
  source: string;
  kind: TrailFileRef["kind"];
  filesTotal: number;
  filesDone: number;
  eventsLoaded: number;
  requests: number | null;
  throttled: number | null;
}

export interface LoadProgress {
  running: boolean;
  filesTotal: number;
  filesDone: number;
  /** Files already in the store with the same version: not read again. */
  filesSkipped: number;
  bytesTotal: number;
  bytesDone: number;
  eventsLoaded: number;
  /** The running loads, per source. */
  sources: SourceLoadProgress[];
}

export interface SourceProblem extends Problem {
  source: string;
}

/** A load that was not started because it is large: what it would read. */
export interface PendingLoad {
  files: number;
  bytes: number;
}

/** A failure of a source's load as a whole (not of one of its files), named by the source. */
function sourceProblem(source: TrailFileSource, message: string): SourceProblem {
  return {
    source: source.id,
    kind: "read-failed",
    severity: "error",
    file: source.id,
    recordIndex: null,
    message,
  };
}

class LoadJob {
  running = true;
  /** Set when the plan was too large to start without the user's go-ahead. */
  pending: PendingLoad | null = null;
  readonly progress: Omit<LoadProgress, "sources"> = {
    running: true,
    filesTotal: 0,
    filesDone: 0,
    filesSkipped: 0,
    bytesTotal: 0,
    bytesDone: 0,
    eventsLoaded: 0,
  };
  /** The source's call counters when the job started. */
  private readonly callsAtStart: { requests: number; throttled: number } | null;
  readonly problems: SourceProblem[] = [];
  /** The digests of the listing are being read (lib/integrity/digest-loader.ts). */
  digestsPending = false;
  /** What the listing found of the trail's digests (kept until they are read). */
  digests: DigestRef[] = [];
  readonly done: Promise<void>;
  /** Ranges asked for while the job runs, newest first: their files are read first. */
  readonly hot: TimeRange[] = [];
  /** Files not started yet, in reading order (from `head` on); null until the plan is known. */
  private queue: TrailFileRef[] | null = null;
  private head = 0;
  /** Whether any file knows its time window (LookupEvents): only those can be taken early. */
  private windowed = false;
  /** Batches of files started and not committed yet. */
  private readonly uncommitted = new Set<TrailFileRef[]>();
  private wake!: () => void;
  private changed = new Promise<void>((resolve) => (this.wake = resolve));
  private markPlanned!: () => void;
  private readonly planned = new Promise<void>((resolve) => (this.markPlanned = resolve));

  constructor(
    readonly source: TrailFileSource,
    readonly variant: string,
    readonly days: Set<string>,
    readonly confirmed: boolean,
    /**
     * Every day was listed before: until this listing finds something new, what
     * the store holds is the range as last listed (a view stays complete).
     */
    readonly relisting: boolean,
    run: (job: LoadJob) => Promise<void>,
  ) {
    this.callsAtStart = source.apiCalls ? { ...source.apiCalls } : null;
    this.done = run(this)
      .catch((error: unknown) => {
        this.problems.push(sourceProblem(source, `loading stopped: ${(error as Error).message}`));
      })
      .finally(() => {
        this.running = false;
        this.progress.running = false;
        this.markPlanned();
      });
  }

  /** This job's progress; calls are the source's since the job started (shared with its other jobs). */
  sourceProgress(): SourceLoadProgress {
    const calls = this.source.apiCalls;
    const since = this.callsAtStart;
    return {
      source: this.source.id,
      kind: this.source.kind,
      filesTotal: this.progress.filesTotal,
      filesDone: this.progress.filesDone,
      eventsLoaded: this.progress.eventsLoaded,
      requests: calls && since ? calls.requests - since.requests : null,
      throttled: calls && since ? calls.throttled - since.throttled : null,
    };
  }

  /** Sets the files to read, in order. */
  plan(files: TrailFileRef[]): void {
    this.queue = [...files];
    this.head = 0;
    this.windowed = files.some((f) => f.timeWindow);
    this.markPlanned();
  }

  /**
   * Up to `count` files to read next: first those that can hold a hot range,
   * then the next in order. Files with a local path come in batches; any other
   * file comes alone (it is fetched by its own slot).
   */
  takeNext(count: number): TrailFileRef[] {
    const queue = this.queue ?? [];
    const taken: TrailFileRef[] = [];
    if (this.windowed) {
      for (const range of this.hot) {
        const i = queue.findIndex(
          (f, at) => at >= this.head && f.timeWindow && overlaps(f.timeWindow, range),
        );
        if (i >= 0) return queue.splice(i, 1);
      }
    }
    while (taken.length < count && this.head < queue.length) {
      const next = queue[this.head]!;
      if (taken.length > 0 && next.path === undefined) break;
      taken.push(next);
      this.head += 1;
      if (next.path === undefined) break;
    }
    // Let the array go once read through (a plan can hold hundreds of thousands of files).
    if (this.head === queue.length) {
      this.queue = [];
      this.head = 0;
    }
    return taken;
  }

  /** Marks `files` as being read; call the result with their commit (or nothing when none). */
  start(files: TrailFileRef[]): (committed?: Promise<void>) => void {
    this.uncommitted.add(files);
    const settle = () => {
      this.uncommitted.delete(files);
      this.signalChange();
    };
    return (committed) => {
      if (!committed) return settle();
      committed.then(settle, settle);
    };
  }

  /** Wakes whoever waits for a file to be committed (one promise for all: a load has thousands). */
  private signalChange(): void {
    const wake = this.wake;
    this.changed = new Promise((resolve) => (this.wake = resolve));
    wake();
  }

  /** Whether files that matter to `range` are not committed (or not started). */
  private hasOutstanding(range: TimeRange): boolean {
    if (!this.windowed) return this.remaining > 0 || this.uncommitted.size > 0;
    const matters = (f: TrailFileRef) => !f.timeWindow || overlaps(f.timeWindow, range);
    const queue = this.queue ?? [];
    for (let i = this.head; i < queue.length; i++) if (matters(queue[i]!)) return true;
    for (const files of this.uncommitted) if (files.some(matters)) return true;
    return false;
  }

  private get remaining(): number {
    return (this.queue?.length ?? 0) - this.head;
  }

  /** True when nothing this job still has to do concerns `range`. */
  isDoneFor(range: TimeRange): boolean {
    if (!this.running) return true;
    if (this.queue === null) return this.relisting;
    return !this.hasOutstanding(range);
  }

  /** Resolves once the job knows its files (or that it waits for a go-ahead, or it failed). */
  whenPlanned(): Promise<void> {
    return this.planned;
  }

  /** Resolves once every file started is committed (or failed). */
  async allCommitted(): Promise<void> {
    while (this.uncommitted.size > 0) await this.changed;
  }

  /** Resolves once every file of this job that can hold `range` is committed (or the job ends). */
  async waitFor(range: TimeRange): Promise<void> {
    if (!this.relisting) await this.planned;
    // Any commit may be the last one that matters: look again after each.
    while (!this.isDoneFor(range)) await Promise.race([this.done, this.changed]);
    // Nothing left at all: the job is only wrapping up; let callers see it ended.
    if (this.queue !== null && this.remaining === 0 && this.uncommitted.size === 0) await this.done;
  }
}

/** Fetched files handed to the workers and not read yet, at most (bounds what waits in memory). */
const IN_WORKERS = 64;

/** Local files read per batch (by one worker); the first batch is small so rows show fast. */
const FILES_PER_BATCH = 256;
const FIRST_BATCH_FILES = 8;

function overlaps(window: TimeRange, range: TimeRange): boolean {
  return (
    Date.parse(window.from) <= Date.parse(range.to) &&
    Date.parse(window.to) > Date.parse(range.from)
  );
}

/** What a request learns about the loading of its range. */
export interface RangeLoadStatus {
  complete: boolean;
  /** Complete, and the digests its listings found are read and judged too. */
  digestsComplete: boolean;
  progress: LoadProgress;
  /** Listing and job failures (file problems are in the store). */
  problems: SourceProblem[];
  /** Not loaded because large: call again with `confirmed` to start. */
  pending: PendingLoad | null;
  /** Whether `source`'s load is the one waiting for a go-ahead. */
  pendingFrom(source: string): boolean;
  /** Resolves once every job has listed its range (then `pending` is known). */
  planned(): Promise<void>;
  wait(): Promise<void>;
  /** Waits for the range's files and for the digests its listings found. */
  waitForDigests(): Promise<void>;
  /**
   * Waits until the sources know which files the range needs, at most
   * `maxMs`: an answer then says what is left to load (or that nothing is),
   * not "listing" for a listing that takes milliseconds.
   */
  listed(maxMs: number): Promise<void>;
}

/**
 * A source read only in part for a view: the files an Athena search named
 * (lib/athena). Loads of different narrowings run apart.
 */
export interface SourceNarrowing {
  /** The source's id. */
  source: string;
  variant: string;
  /** The files to read, by key; null: nothing of this source yet (the search runs). */
  keep: ((key: string) => boolean) | null;
}

export interface LoadManagerOptions {
  fileConcurrency?: number;
  readerOptions?: ReaderOptions;
  /** Reads the digests listings find (integrity on); none: digests are not read. */
  digests?: DigestLoader;
  /** A range needing more files than this waits for a confirmed request. */
  confirmAboveFiles?: number;
}

function sumProgress(jobs: LoadJob[]): LoadProgress {
  const total: LoadProgress = {
    running: jobs.length > 0,
    filesTotal: 0,
    filesDone: 0,
    filesSkipped: 0,
    bytesTotal: 0,
    bytesDone: 0,
    eventsLoaded: 0,
    sources: jobs.map((j) => j.sourceProgress()),
  };
  for (const { progress } of jobs) {
    total.filesTotal += progress.filesTotal;
    total.filesDone += progress.filesDone;
    total.filesSkipped += progress.filesSkipped;
    total.bytesTotal += progress.bytesTotal;
    total.bytesDone += progress.bytesDone;
    total.eventsLoaded += progress.eventsLoaded;
  }
  return total;
}

/** How many finished jobs to remember for their problems. */
const KEEP_FINISHED_JOBS = 20;
/** Listings remembered (a source and a narrowing of it), and days per listing: two widest ranges. */
const KEEP_LISTINGS = 64;
const KEEP_LISTED_DAYS = 1_000;

export class LoadManager {
  private jobs: LoadJob[] = [];
  /** Per source and narrowing: delivery day -> when its listing started. */
  private readonly listedAt = new ListingMemory(KEEP_LISTINGS, KEEP_LISTED_DAYS);
  private readonly limiters = new Map<TrailFileSource, ConcurrencyLimiter>();
  /** Files fetched here (S3, LookupEvents) waiting in or read by the workers, at most. */
  private readonly inWorkers = new ConcurrencyLimiter(IN_WORKERS);

  constructor(
    private readonly store: Store,
    private readonly writer: EventWriter,
    readonly sources: TrailFileSource[],
    private readonly options: LoadManagerOptions = {},
  ) {
    for (const source of sources) {
      const limit = source.concurrency ?? options.fileConcurrency ?? 4;
      this.limiters.set(source, new ConcurrencyLimiter(limit));
    }
  }

  /**
   * Starts what `range` still needs. The filter's other fields only matter to
   * sources that can narrow their reads (LookupEvents attributes, S3 account and
   * Region partitions); `kinds` limits the sources asked (a permalink's last resort).
   */
  ensureRange(
    range: TimeRange & LoadScope,
    request: {
      confirmed?: boolean;
      kinds?: TrailFileSource["kind"][];
      narrowing?: SourceNarrowing;
    } = {},
  ): RangeLoadStatus {
    const confirmed = request.confirmed ?? false;
    const days = deliveryDays(range);
    const now = Date.now();
    const relevant: LoadJob[] = [];
    const sources = request.kinds
      ? this.sources.filter((s) => request.kinds!.includes(s.kind))
      : this.sources;
    for (const source of sources) {
      const narrowing = request.narrowing?.source === source.id ? request.narrowing : null;
      if (narrowing && !narrowing.keep) continue;
      const variant = narrowing ? narrowing.variant : (source.variantOf?.(range) ?? "");
      const listedKey = `${source.id}|${variant}`;
      const listed = this.listedAt.of(listedKey);
      const overlapping = this.jobs.filter(
        (j) => j.source === source && j.variant === variant && days.some((d) => j.days.has(d)),
      );
      const running = overlapping.filter((j) => j.running);
      for (const job of running) {
        job.hot.unshift(range);
        job.hot.splice(8);
      }
      const latest = overlapping[overlapping.length - 1];
      const goAhead = confirmed && latest?.pending != null;
      const stale = days.filter(
        (d) =>
          (goAhead || now - (listed.get(d) ?? -Infinity) > source.relistAfterMs) &&
          !running.some((j) => j.days.has(d)),
      );
      if (stale.length > 0) {
        const relisting = !goAhead && days.every((d) => listed.has(d));
        for (const d of days) listed.set(d, now);
        const job = new LoadJob(source, variant, new Set(days), confirmed, relisting, (j) =>
          this.runJob(j, range, listed, narrowing?.keep ?? null),
        );
        this.jobs.push(job);
        relevant.push(...overlapping, job);
      } else {
        relevant.push(...overlapping);
      }
    }
    this.forgetOldJobs();
    return this.status([...new Set(relevant)], range);
  }

  private status(jobs: LoadJob[], range: TimeRange): RangeLoadStatus {
    // Per source, only its latest job says whether a load is waiting for a go-ahead.
    const latest = () => [...new Map(jobs.map((j) => [j.source, j])).values()];
    const planned = async () => {
      await Promise.all(jobs.map((j) => j.whenPlanned()));
    };
    return {
      get pending() {
        const waiting = latest().filter((j) => j.pending && !j.running);
        if (waiting.length === 0) return null;
        return {
          files: waiting.reduce((n, j) => n + (j.pending?.files ?? 0), 0),
          bytes: waiting.reduce((n, j) => n + (j.pending?.bytes ?? 0), 0),
        };
      },
      // Any of its jobs: a pending job's days are listed again at each request, by a newer job.
      pendingFrom: (source) => jobs.some((j) => j.source.id === source && j.pending && !j.running),
      planned,
      get complete() {
        return jobs.every((j) => j.isDoneFor(range));
      },
      get digestsComplete() {
        return jobs.every((j) => j.isDoneFor(range) && !j.digestsPending);
      },
      get progress() {
        return sumProgress(jobs.filter((j) => j.running));
      },
      get problems() {
        const all = jobs.flatMap((j) => j.problems);
        return [...new Map(all.map((p) => [`${p.source}|${p.file}|${p.message}`, p])).values()];
      },
      wait: async () => {
        await Promise.all(jobs.map((j) => j.waitFor(range)));
      },
      waitForDigests: async () => {
        await Promise.all(jobs.map((j) => j.waitFor(range)));
        await Promise.all(jobs.map((j) => j.done));
      },
      listed: async (maxMs) => {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, maxMs)));
        await Promise.race([planned(), late]);
        clearTimeout(timer);
      },
    };
  }

  private forgetOldJobs(): void {
    const finished = this.jobs.filter((j) => !j.running);
    if (finished.length <= KEEP_FINISHED_JOBS) return;
    const drop = new Set(finished.slice(0, finished.length - KEEP_FINISHED_JOBS));
    this.jobs = this.jobs.filter((j) => !drop.has(j));
  }

  /**
   * Reads `files` (a batch of one job). Resolves when the slot that took them
   * may take more: once they are read, for files the workers open themselves;
   * once they are fetched, for files fetched here (S3, LookupEvents), whose
   * reading goes on in a worker, as many at once as `inWorkers` allows.
   */
  private readFiles(job: LoadJob, files: TrailFileRef[]): Promise<void> {
    if (files.every((f) => f.path !== undefined)) {
      return this.readBatch(job, files).then(({ reading }) => reading);
    }
    return new Promise((slotFree) => {
      void this.inWorkers.run(async () => {
        const { fetched, reading } = await this.readBatch(job, files);
        void fetched.then(() => slotFree());
        await reading;
      });
    });
  }

  /** Hands `files` to the writer, keeping the job's progress as they are read. */
  private async readBatch(
    job: LoadJob,
    files: TrailFileRef[],
  ): Promise<{ fetched: Promise<void>; reading: Promise<void> }> {
    const finished = job.start(files);
    let load: BatchLoad;
    try {
      load = await this.writer.read(files, this.options.readerOptions);
    } catch (error) {
      for (const f of files) this.fileFailed(job, f, error as Error);
      finished();
      return { fetched: Promise.resolve(), reading: Promise.resolve() };
    }
    const reading = load.read.then((results) => {
      results.forEach((result, i) => {
        const file = files[i]!;
        if (result instanceof Error) return this.fileFailed(job, file, result);
        job.progress.filesDone += 1;
        job.progress.bytesDone += file.size;
        job.progress.eventsLoaded += result.records;
      });
      // The store could not keep them (its disk, its database): said once for the job.
      load.committed.catch((error: Error) => this.storeFailed(job, error));
      finished(load.committed);
    });
    return { fetched: load.fetched, reading };
  }

  /**
   * Whatever one file does, the others load: it is reported by name and read
   * again next time. A failure of the store's own (a full disk) is said once.
   */
  private fileFailed(job: LoadJob, file: TrailFileRef, error: Error): void {
    if (error instanceof StoreWriteError) this.storeFailed(job, error);
    else {
      job.problems.push({
        source: job.source.id,
        kind: "read-failed",
        severity: "error",
        file: file.key,
        recordIndex: null,
        message: `loading this file stopped: ${error.message}`,
      });
    }
    job.progress.filesDone += 1;
    job.progress.bytesDone += file.size;
  }

  /** The store could not keep what the job read: said once per job, naming the store. */
  private storeFailed(job: LoadJob, error: Error): void {
    if (job.problems.some((p) => p.file === job.source.id && p.kind === "read-failed")) return;
    job.problems.push(sourceProblem(job.source, error.message));
  }

  private async runJob(
    job: LoadJob,
    range: TimeRange & LoadScope,
    listed: ListedDays,
    keep: ((key: string) => boolean) | null,
  ): Promise<void> {
    const todo = await this.planJob(job, range, keep);
    if (todo === null) {
      // Not listed as loaded: a narrower range may still load without asking.
      for (const day of job.days) listed.delete(day);
      return;
    }
    job.plan(todo);
    const digestPass = this.readDigests(job);
    const limiter = this.limiters.get(job.source) ?? new ConcurrencyLimiter(4);
    let batch = FIRST_BATCH_FILES;
    const slots: Promise<void>[] = [];
    // A slot reads a batch of local files (or one file of another kind) at a time; the
    // source's limiter bounds its reads across its jobs.
    for (let slot = 0; slot < limiter.limit; slot++) {
      slots.push(
        (async () => {
          for (let more = true; more;) {
            await this.writer.room();
            more = await limiter.run(async () => {
              // Picked when the slot frees up, so a range asked for meanwhile goes first.
              const files = job.takeNext(batch);
              if (files.length === 0) return false;
              batch = FILES_PER_BATCH;
              await this.readFiles(job, files);
              return true;
            });
          }
        })(),
      );
    }
    await Promise.all(slots);
    await this.writer.flush().catch((error: Error) => this.storeFailed(job, error));
    await job.allCommitted();
    await digestPass;
    // Fresh from now: a long load must not look stale the moment it ends.
    for (const day of job.days) listed.set(day, Date.now());
  }

  /** Reads the digests the job's listing found, beside its files; failures are the job's problems. */
  private async readDigests(job: LoadJob): Promise<void> {
    const loader = this.options.digests;
    const refs = job.digests;
    job.digests = [];
    if (!loader || refs.length === 0) return;
    job.digestsPending = true;
    try {
      await loader.load(job.source.id, refs);
    } catch (error) {
      const message = `the trail's digest files could not be checked: ${(error as Error).message}`;
      job.problems.push(sourceProblem(job.source, message));
    } finally {
      job.digestsPending = false;
    }
  }

  /**
   * Lists the job's files and keeps those to read, newest delivery first (so
   * the top of the table fills in first); null when there are more than may
   * be read without the user's go-ahead. Nothing but the list read outlives
   * this call: a plan can hold hundreds of thousands of files.
   */
  private async planJob(
    job: LoadJob,
    range: TimeRange & LoadScope,
    keep: ((key: string) => boolean) | null,
  ): Promise<TrailFileRef[] | null> {
    const plan = await job.source.planRange(range, range);
    if (keep) {
      plan.files = plan.files.filter((f) => keep(f.key));
      // Digests vouch for whole hours of files: they are checked when the range loads whole.
      plan.digests = [];
    }
    job.digests = plan.digests ?? [];
    job.problems.push(...plan.problems.map((p) => ({ ...p, source: job.source.id })));
    const loaded = await loadedFileVersions(this.store, job.source.id);
    const isLoaded = (f: { key: string; version: string }) => loaded.get(f.key) === f.version;
    const todo = plan.files.filter(
      (f) => !isLoaded(f) && !(f.coveredBy?.length && f.coveredBy.every(isLoaded)),
    );
    job.progress.filesTotal = plan.files.length;
    job.progress.filesSkipped = plan.files.length - todo.length;
    job.progress.filesDone = job.progress.filesSkipped;
    job.progress.bytesTotal = todo.reduce((sum, f) => sum + f.size, 0);
    if (!job.confirmed && todo.length > (this.options.confirmAboveFiles ?? Infinity)) {
      job.pending = { files: todo.length, bytes: job.progress.bytesTotal };
      return null;
    }
    // Delivery times read once per file, not per comparison.
    const byDelivery = todo.map((file) => ({ file, at: deliveryTimeOfKey(file.key) ?? 0 }));
    byDelivery.sort(
      (a, b) => b.at - a.at || (a.file.key < b.file.key ? 1 : a.file.key > b.file.key ? -1 : 0),
    );
    return byDelivery.map((d) => d.file);
  }
}
