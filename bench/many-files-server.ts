import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PANEL_FACETS } from "../lib/cloudtrail/fields";
import { FACET_TOP, FIRST_PAGE_ROWS } from "../lib/query/events-page";
import type { ManyFilesManifest } from "./many-files-trail";
import { countRead, markAllUnread } from "./file-reads";
import { type Progress, sleep, startServer, stopServer, timed } from "./many-files-http";
import { cpuMeter, groupReadBytes, watchRss } from "./process-tree";

/**
 * trailglass on a many-files trail, over HTTP as the events page uses it: the
 * production server on a fresh store, the load the view's first request
 * starts (rows while it runs, its wall time and the server's peak memory),
 * the view's requests once loaded, and a restart on the same store.
 */

export interface QueryResult {
  name: string;
  ms: number[];
  total: number | null;
  /** Answers that said the range was not (or no longer) loaded: a re-listing ran. */
  incomplete: number;
}

/** CPU seconds over a phase: a busy machine ("others") disturbs its figures. */
export interface CpuUse {
  server: number;
  bench: number;
  others: number;
}

export interface ServerResult {
  startSeconds: number;
  idleRssMb: number;
  load: {
    firstRowsSeconds: number | null;
    /** When the plan (the walk of the range's folders) was known. */
    plannedSeconds: number | null;
    wallSeconds: number;
    pageMs: number[];
    peakRssMb: number;
    total: number;
    problemsTotal: number;
    lastProgress: Progress | null;
    store: { events: number; files: number };
    /** Bytes the server's processes read through read() during the load. */
    readMb: number;
    /** Trail files read by the load (access times); null: cannot tell. */
    filesRead: number | null;
    cpu: CpuUse;
  };
  /** What the digests said once the load and its digests were done, and how much later. */
  integrity: {
    extraSeconds: number;
    files: Record<string, number>;
    digests: Record<string, number>;
    findingsTotal: number;
  };
  /** The same load on a fresh store with TRAILGLASS_INTEGRITY=off (no hashing, no digests). */
  loadWithoutIntegrity: { wallSeconds: number; total: number };
  queries: QueryResult[];
  queriesCpu: CpuUse;
  queriesPeakRssMb: number;
  restart: {
    stoppedSeconds: number;
    readySeconds: number;
    firstPageSeconds: number;
    total: number;
    /** The most the restarted server's progress showed (it lists running loads only). */
    progressSeen: Progress | null;
    polls: number;
    /** Polls that found a load running. */
    runningPolls: number;
    readMb: number;
    /** Trail files read between the restart and the complete first page; null: cannot tell (noatime). */
    filesRead: number | null;
    store: { events: number; files: number };
  };
  dataDir: string;
}

const RUNS = 15;
/** Until the first rows: often, to time them. */
const POLL_MS = 100;
/** Then as the events page refetches while loading (components/events/events-view.tsx). */
const PAGE_POLL_MS = 1000;
const LOAD_DEADLINE_MS = 60 * 60_000;
const mb = (bytes: number) => bytes / 1024 / 1024;

/** The largest of each progress counter seen so far. */
function maxProgress(seen: Progress | null, p: Progress | undefined): Progress | null {
  if (!p || !p.running) return seen;
  if (!seen) return { ...p };
  return {
    running: true,
    filesTotal: Math.max(seen.filesTotal, p.filesTotal),
    filesDone: Math.max(seen.filesDone, p.filesDone),
    filesSkipped: Math.max(seen.filesSkipped, p.filesSkipped),
    eventsLoaded: Math.max(seen.eventsLoaded, p.eventsLoaded),
  };
}

/**
 * The view's first request starts the load: poll its first page until a
 * response says the range is complete, beside one `wait=1` request (the
 * completion time is whichever tells first).
 */
async function measureLoad(base: string, range: string, pgrp: number) {
  const page = `/api/events?${range}&confirm=1&limit=${FIRST_PAGE_ROWS}&raw=0`;
  const rss = watchRss(pgrp);
  const readBefore = groupReadBytes(pgrp);
  const cpu = cpuMeter(pgrp);
  const t0 = performance.now();
  // Set from the wait=1 answer too: a holder, so the loop sees it change.
  const done: { at: number | null; error?: unknown } = { at: null };
  const waited = timed(base, `${page}&wait=1`).then(
    (r) => {
      if (r.body.complete) done.at ??= r.at;
      return r;
    },
    (error: unknown) => {
      done.error = error;
      return null;
    },
  );
  let firstRows: number | null = null;
  let planned: number | null = null;
  let lastProgress: Progress | null = null;
  const pageMs: number[] = [];
  while (done.at === null) {
    if (done.error) throw done.error;
    const r = await timed(base, page);
    if (r.body.complete) {
      done.at ??= r.at;
      break;
    }
    pageMs.push(r.ms);
    if (firstRows === null && (r.body.events?.length ?? 0) > 0) firstRows = r.at - t0;
    if (planned === null && (r.body.progress?.filesTotal ?? 0) > 0) planned = r.at - t0;
    lastProgress = r.body.progress ?? lastProgress;
    if (r.at - t0 > LOAD_DEADLINE_MS) throw new Error("the load did not finish within an hour");
    // Polling as fast all along would take CPU from the load on a small machine.
    await sleep(firstRows === null ? POLL_MS : PAGE_POLL_MS);
  }
  const final = await waited;
  if (!final) throw done.error;
  const peak = rss.peak();
  const readMb = mb(groupReadBytes(pgrp) - readBefore);
  const cpuUse = cpu();
  rss.stop();
  if (!final.body.complete || done.at === null) {
    throw new Error("a wait=1 answer says the range is not complete");
  }
  const health = await timed(base, "/api/health");
  return {
    firstRowsSeconds: firstRows === null ? null : firstRows / 1000,
    plannedSeconds: planned === null ? null : planned / 1000,
    wallSeconds: (done.at - t0) / 1000,
    pageMs,
    peakRssMb: mb(peak),
    total: final.body.total ?? -1,
    problemsTotal: final.body.problemsTotal ?? -1,
    lastProgress,
    store: health.body.store ?? { events: -1, files: -1 },
    readMb,
    cpu: cpuUse,
  };
}

/** The view's requests once loaded, round-robin so that a background re-listing hits all alike. */
async function measureQueries(base: string, range: string): Promise<QueryResult[]> {
  const page = `limit=${FIRST_PAGE_ROWS}&raw=0`;
  const facets = PANEL_FACETS.map((f) => `field=${f}`).join("&");
  const queries: [string, string][] = [
    ["first page (200 rows)", `/api/events?${range}&${page}`],
    ["page eventName=AssumeRole", `/api/events?${range}&eventName=AssumeRole&${page}`],
    [`facets (${PANEL_FACETS.length} fields)`, `/api/facets?${range}&${facets}&top=${FACET_TOP}`],
    ["summary", `/api/summary?${range}`],
    // A role name: in the ARNs of its sessions' records (1 of 17 workload roles).
    ["search q=app-role-5", `/api/events?${range}&q=app-role-5&${page}`],
    ["search q=<no match>", `/api/events?${range}&q=no-such-text-7f3e9&${page}`],
  ];
  const results: QueryResult[] = queries.map(([name]) => ({
    name,
    ms: [],
    total: null,
    incomplete: 0,
  }));
  for (let run = 0; run < RUNS; run++) {
    for (const [i, [, url]] of queries.entries()) {
      const r = await timed(base, url);
      results[i]!.ms.push(r.ms);
      results[i]!.total = r.body.total ?? results[i]!.total;
      if (r.body.complete === false) results[i]!.incomplete++;
    }
  }
  return results;
}

/**
 * A restarted server's first page, once complete (`wait=1`), polling the
 * progress meanwhile (it lists running loads only), and which trail files
 * it read for it.
 */
async function measureRestartedPage(
  server: { base: string; pid: number },
  range: string,
  canTell: boolean,
  trail: string,
) {
  const readBefore = groupReadBytes(server.pid);
  const page = `/api/events?${range}&confirm=1&limit=${FIRST_PAGE_ROWS}&raw=0`;
  const t = performance.now();
  let answered = false;
  // Settled into a value: a failure must not go unhandled while the polls run.
  const first = timed(server.base, `${page}&wait=1`).then(
    (r) => ({ r, error: null }),
    (error: unknown) => ({ r: null, error }),
  );
  void first.then(() => (answered = true));
  let progressSeen: Progress | null = null;
  let polls = 0;
  let runningPolls = 0;
  while (!answered) {
    const r = await timed(server.base, `/api/events?${range}&confirm=1&limit=1&raw=0`);
    polls++;
    if (r.body.progress?.running) runningPolls++;
    progressSeen = maxProgress(progressSeen, r.body.progress);
    if (!answered) await sleep(POLL_MS);
  }
  const { r: restarted, error } = await first;
  if (!restarted) throw error;
  if (!restarted.body.complete) throw new Error("after the restart, wait=1 answered incomplete");
  return {
    firstPageSeconds: (restarted.at - t) / 1000,
    total: restarted.body.total ?? -1,
    progressSeen,
    polls,
    runningPolls,
    readMb: mb(groupReadBytes(server.pid) - readBefore),
    filesRead: canTell ? countRead(trail) : null,
  };
}

export async function measureServer(options: {
  trail: string;
  manifest: ManyFilesManifest;
  keysFile: string;
  port: number;
  keep: boolean;
}): Promise<ServerResult> {
  const { trail, manifest, port } = options;
  const keys = { TRAILGLASS_DIGEST_KEYS: options.keysFile };
  const range = `from=${encodeURIComponent(manifest.range.from)}&to=${encodeURIComponent(manifest.range.to)}`;
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "trailglass-bench-many-store-"));
  let server: Awaited<ReturnType<typeof startServer>> | null = null;
  try {
    const canTellLoad = markAllUnread(trail);
    let t = performance.now();
    server = await startServer(port, trail, dataDir, keys);
    const startSeconds = (performance.now() - t) / 1000;
    const idle = watchRss(server.pid);
    const idleRssMb = mb(idle.peak());
    idle.stop();

    const load = {
      ...(await measureLoad(server.base, range, server.pid)),
      filesRead: canTellLoad ? countRead(trail) : null,
    };
    const checked = await timed(server.base, `/api/integrity?${range}&wait=1`);
    const integrity = {
      extraSeconds: checked.ms / 1000,
      files: checked.body.files ?? {},
      digests: checked.body.digests ?? {},
      findingsTotal: checked.body.findingsTotal ?? -1,
    };

    const rss = watchRss(server.pid);
    const queriesCpu = cpuMeter(server.pid);
    const queries = await measureQueries(server.base, range);
    const queriesPeakRssMb = mb(rss.peak());
    rss.stop();
    const queriesCpuUse = queriesCpu();

    // Restart on the same store: what is loaded must not be read again.
    t = performance.now();
    await stopServer(server);
    server = null;
    const stoppedSeconds = (performance.now() - t) / 1000;
    const canTell = markAllUnread(trail);
    t = performance.now();
    server = await startServer(port, trail, dataDir, keys);
    const readySeconds = (performance.now() - t) / 1000;
    const firstPage = await measureRestartedPage(server, range, canTell, trail);
    const health = await timed(server.base, "/api/health");
    await stopServer(server);
    server = null;

    // The same load without validation, on a fresh store: what hashing and digests cost.
    const bareStore = await mkdtemp(path.join(os.tmpdir(), "trailglass-bench-many-store-"));
    let loadWithoutIntegrity: ServerResult["loadWithoutIntegrity"];
    try {
      server = await startServer(port, trail, bareStore, { TRAILGLASS_INTEGRITY: "off" });
      const unchecked = await measureLoad(server.base, range, server.pid);
      loadWithoutIntegrity = { wallSeconds: unchecked.wallSeconds, total: unchecked.total };
    } finally {
      if (server) await stopServer(server);
      server = null;
      await rm(bareStore, { recursive: true, force: true });
    }
    return {
      integrity,
      loadWithoutIntegrity,
      startSeconds,
      idleRssMb,
      load,
      queries,
      queriesCpu: queriesCpuUse,
      queriesPeakRssMb,
      restart: {
        stoppedSeconds,
        readySeconds,
        ...firstPage,
        store: health.body.store ?? { events: -1, files: -1 },
      },
      dataDir,
    };
  } finally {
    if (server) await stopServer(server);
    if (!options.keep) await rm(dataDir, { recursive: true, force: true });
  }
}
