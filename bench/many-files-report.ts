import os from "node:os";
import type { BareResult } from "./many-files-bare";
import type { DuckDbResult } from "./many-files-duckdb";
import type { CpuUse, ServerResult } from "./many-files-server";
import type { ManyFilesManifest } from "./many-files-trail";

/** The table of bench/many-files.ts, with the targets beside the figures. */

const fmt = (n: number, digits = 0) =>
  n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const mb = (bytes: number) => `${fmt(bytes / 1e6, 1)} MB`;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0
    ? NaN
    : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

function verdict(ok: boolean): string {
  return ok ? "ok" : "MISSED";
}

const LABEL = 42;
const FIGURES = 36;

/** A row of rates: seconds, files/s, events/s, then the target. */
function rateRow(label: string, cells: string[], target = ""): void {
  const [seconds, files, events] = cells;
  console.log(
    `  ${label.padEnd(LABEL)}${seconds!.padStart(10)}${files!.padStart(13)}${events!.padStart(13)}   ${target}`.trimEnd(),
  );
}

/** A row of one figure (right-aligned under the rates), then the target. */
function line(label: string, figure: string, target = ""): void {
  console.log(`  ${label.padEnd(LABEL)}${figure.padStart(FIGURES)}   ${target}`.trimEnd());
}

/** CPU over a phase, and a warning when other processes took a noticeable share. */
function cpuLine(label: string, cpu: CpuUse, seconds: number): void {
  const capacity = seconds * os.availableParallelism();
  const disturbed = cpu.others > 0.05 * capacity;
  line(
    label,
    `server ${fmt(cpu.server)}, bench ${fmt(cpu.bench)}, others ${fmt(cpu.others)} s`,
    disturbed
      ? `DISTURBED: other processes used ${fmt((100 * cpu.others) / capacity)}% of the machine`
      : `of ${fmt(capacity)} CPU-s`,
  );
}

export function printTrail(
  manifest: ManyFilesManifest,
  trail: string,
  reused: boolean,
  seconds: number,
): void {
  const { params, recordsPerFile: s } = manifest;
  console.log(
    `many small files: ${fmt(manifest.files)} files (records per file p10 ${s.p10}, p50 ${s.p50}, ` +
      `p90 ${s.p90}, p99 ${s.p99}, max ${s.max}), ${fmt(manifest.distinctEvents)} distinct events in ` +
      `${fmt(manifest.records)} records (${fmt((100 * manifest.redelivered) / manifest.distinctEvents, 1)}% ` +
      `of the events delivered twice), ${mb(manifest.bytesGz)} gzip, ${mb(manifest.bytesJson)} JSON ` +
      `(${fmt(manifest.bytesJson / manifest.records)} B per record, gzip ${fmt(manifest.bytesJson / manifest.bytesGz, 1)}x)`,
  );
  console.log(
    `  ${params.accounts.length} accounts x ${params.regions.length} Regions x ${params.days} days, ` +
      `events ${manifest.range.from} to ${manifest.range.to}, seed ${params.seed}`,
  );
  console.log(
    `  ${trail}: ${reused ? `reused (generated in ${fmt(manifest.generatedSeconds, 1)} s)` : `generated in ${fmt(seconds, 1)} s`}`,
  );
}

export function printResults(
  manifest: ManyFilesManifest,
  bare: BareResult,
  duckdb: DuckDbResult | null,
  server: ServerResult,
): void {
  const events = manifest.distinctEvents;
  const rates = (seconds: number) => [
    fmt(seconds, 2),
    fmt(manifest.files / seconds),
    fmt(events / seconds),
  ];
  const { load, restart } = server;
  const trailMiB = manifest.bytesGz / 1024 / 1024;
  console.log(
    `\n${"".padEnd(LABEL + 2)}${"seconds".padStart(10)}${"files/s".padStart(13)}${"events/s".padStart(13)}   target`,
  );
  console.log("bare reading of the same files (page cache warm)");
  rateRow("walk: readdir + stat of every file", rates(bare.walk.seconds));
  rateRow("readFileSync of every file", rates(bare.read.seconds));
  rateRow(`gunzip + JSON.parse, ${bare.parse.threads} worker threads`, rates(bare.parse.seconds));
  if (duckdb) {
    console.log("DuckDB (@duckdb/node-api, in memory)");
    rateRow("read_json('**/*.json.gz') to a table, count", rates(duckdb.seconds));
  }
  console.log("trailglass (production server, fresh store)");
  rateRow(
    "load: first request to complete",
    rates(load.wallSeconds),
    `<= 30 s (>= 33,000 events/s) ${verdict(load.wallSeconds <= 30)}`,
  );
  line("first rows after", `${fmt(load.firstRowsSeconds ?? NaN, 2)} s`);
  line(
    "files listed (walk + stat) after",
    `${fmt(load.plannedSeconds ?? NaN, 2)} s (${fmt(load.lastProgress?.filesTotal ?? NaN)} files)`,
  );
  const pageP50 = percentile(load.pageMs, 0.5);
  line(
    `first page while loading (${load.pageMs.length} polls)`,
    `p50 ${fmt(pageP50)} ms, p95 ${fmt(percentile(load.pageMs, 0.95))} ms`,
    `p50 < 500 ms ${verdict(pageP50 < 500)}`,
  );
  line(
    "bare gunzip+parse time / load time",
    `${fmt((100 * bare.parse.seconds) / load.wallSeconds, 1)}%`,
  );
  line(
    "peak RSS of the server's process group",
    `${fmt(load.peakRssMb)} MiB`,
    `< 1,024 MiB ${verdict(load.peakRssMb < 1024)}`,
  );
  line(
    "  idle before / peak during the queries",
    `${fmt(server.idleRssMb)} / ${fmt(server.queriesPeakRssMb)} MiB`,
  );
  line("bytes the server read (rchar)", `${fmt(load.readMb)} MiB (trail ${fmt(trailMiB)} MiB gz)`);
  cpuLine("CPU during the load", load.cpu, load.wallSeconds);
  line(
    "trail files read (access times)",
    load.filesRead === null ? "cannot tell (noatime)" : fmt(load.filesRead),
    load.filesRead === manifest.files ? "all: ok" : "",
  );
  line(
    "total",
    `${fmt(load.total)} (manifest ${fmt(events)})`,
    `equal ${verdict(load.total === events)}`,
  );
  const without = server.loadWithoutIntegrity.wallSeconds;
  const cost = (100 * (load.wallSeconds - without)) / without;
  line(
    "same load, TRAILGLASS_INTEGRITY=off (fresh store)",
    `${fmt(without, 2)} s: validation costs ${fmt(cost, 1)}%`,
    `< 10% ${verdict(cost < 10)}`,
  );
  const checked = server.integrity;
  line(
    "integrity after the load (/api/integrity, wait=1)",
    `${fmt(checked.extraSeconds, 2)} s more: ${fmt(checked.digests.read ?? NaN)} digests read ` +
      `(${fmt(checked.digests.valid ?? NaN)} valid), ${fmt(checked.files.verified ?? NaN)} files verified, ` +
      `${fmt(checked.findingsTotal)} findings`,
  );
  line(
    "problems; store (/api/health)",
    `${fmt(load.problemsTotal)}; ${fmt(load.store.events)} events, ${fmt(load.store.files)} files`,
  );

  console.log(
    `\n${`after the load (${server.queries[0]?.ms.length ?? 0} runs each)`.padEnd(LABEL + 2)}${"p50 ms".padStart(10)}${"p95 ms".padStart(13)}`,
  );
  for (const q of server.queries) {
    const p50 = percentile(q.ms, 0.5);
    const search = q.name.startsWith("search");
    const share =
      search && q.total !== null ? ` (${fmt(q.total)} = ${fmt((100 * q.total) / events, 1)}%)` : "";
    const notes = [
      search ? `p50 < 300 ms ${verdict(p50 < 300)}` : "",
      q.incomplete > 0 ? `(${q.incomplete} answers incomplete: a re-listing ran)` : "",
    ];
    console.log(
      `  ${(q.name + share).padEnd(LABEL)}${fmt(p50).padStart(10)}${fmt(percentile(q.ms, 0.95)).padStart(13)}   ${notes.join(" ")}`.trimEnd(),
    );
  }

  cpuLine(
    "CPU during these requests",
    server.queriesCpu,
    server.queries.reduce((n, q) => n + q.ms.reduce((a, b) => a + b, 0), 0) / 1000,
  );

  console.log("\nrestart on the same store");
  line("stop (SIGTERM to the process group)", `${fmt(restart.stoppedSeconds, 2)} s`);
  line("start until /api/health answers", `${fmt(restart.readySeconds, 2)} s`);
  line(
    "then first page (wait=1) complete after",
    `${fmt(restart.firstPageSeconds, 2)} s`,
    `< 5 s ${verdict(restart.firstPageSeconds < 5)}`,
  );
  const seen = restart.progressSeen;
  line(
    `progress (${restart.runningPolls} of ${restart.polls} polls saw a load)`,
    seen && seen.filesTotal > 0
      ? `${fmt(seen.filesDone - seen.filesSkipped)} of ${fmt(seen.filesTotal)} read, ${fmt(seen.filesSkipped)} skipped`
      : "files not shown (listing only)",
  );
  line(
    "trail files read again (access times)",
    restart.filesRead === null ? "cannot tell (noatime)" : fmt(restart.filesRead),
    restart.filesRead === 0 ? "none: ok" : "",
  );
  line(
    "bytes the server read (rchar)",
    `${fmt(restart.readMb, 1)} MiB (trail ${fmt(trailMiB)} MiB gz)`,
  );
  line(
    "total; store (/api/health)",
    `${fmt(restart.total)}; ${fmt(restart.store.events)} events, ${fmt(restart.store.files)} files`,
    `equal ${verdict(restart.total === events)}`,
  );
  console.log(
    "\nevents/s: the trail's distinct events / seconds, on every row. A load's wall time runs from" +
      " the view's first request to the first answer saying the range is complete. Files read: by" +
      " their access times (reset before each server start). rchar: bytes read() by the server's" +
      " processes, trail files, store and code alike (page cache included).",
  );
}
