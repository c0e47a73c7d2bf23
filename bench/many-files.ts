/**
 * `npm run bench` (first part): loading a trail of many small files, as real
 * CloudTrail delivers them (a file per account and Region every few minutes),
 * against the bare cost of reading the same files. Generates (once, cached in
 * the temp folder) an organization trail of --files gzip files, then measures
 * in one run: the bare walk, read and gunzip+parse of the files; optionally
 * DuckDB's own read_json of the folder; and trailglass's production server
 * loading the range on a fresh store (first rows, page latency while loading,
 * wall time, peak memory, the view's requests afterwards, and a restart).
 * Options: --files N (160000) --seed N (1) --port N (3197) --duckdb (adds
 * DuckDB's read, ~1 min more) --keep (keeps the store and prints where).
 */
import { measureBareReading } from "./many-files-bare";
import { measureDuckDbRead } from "./many-files-duckdb";
import { printResults, printTrail } from "./many-files-report";
import { measureServer } from "./many-files-server";
import { ensureManyFilesTrail, manyFilesParams } from "./many-files-trail";

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const flag = (name: string) => process.argv.includes(`--${name}`);

function check(ok: boolean, message: string): void {
  if (!ok) throw new Error(message);
}

async function main() {
  const files = option("files", 160_000);
  const seed = option("seed", 1);
  const port = option("port", 3197);

  console.log(`many-files: preparing a trail of ${files.toLocaleString("en-US")} files…`);
  const started = performance.now();
  const { trail, manifest, keysFile, reused } = await ensureManyFilesTrail(
    manyFilesParams(files, seed),
  );
  printTrail(manifest, trail, reused, (performance.now() - started) / 1000);

  console.log("many-files: bare reading…");
  const bare = await measureBareReading(trail);
  console.log(
    `  walk ${bare.walk.seconds.toFixed(2)} s, read ${bare.read.seconds.toFixed(2)} s, gunzip+parse ${bare.parse.seconds.toFixed(2)} s`,
  );
  check(
    bare.walk.files === manifest.files && bare.parse.records === manifest.records,
    `the trail folder holds ${bare.walk.files} files, ${bare.parse.records} records; ` +
      `the manifest says ${manifest.files}, ${manifest.records}: delete ${trail}/.. and run again`,
  );

  let duckdb = null;
  if (flag("duckdb")) {
    console.log("many-files: DuckDB read_json…");
    duckdb = await measureDuckDbRead(trail);
    console.log(`  ${duckdb.seconds.toFixed(1)} s`);
    check(
      duckdb.records === manifest.records,
      `DuckDB read ${duckdb.records} records, expected ${manifest.records}`,
    );
  }

  console.log("many-files: trailglass load, queries, restart…");
  const server = await measureServer({ trail, manifest, keysFile, port, keep: flag("keep") });
  printResults(manifest, bare, duckdb, server);
  if (flag("keep")) console.log(`store kept in ${server.dataDir}`);

  check(
    server.load.total === manifest.distinctEvents,
    `after the load the range counts ${server.load.total} events; the trail has ${manifest.distinctEvents} distinct events`,
  );
  check(
    server.integrity.files.verified === manifest.files && server.integrity.findingsTotal === 0,
    `integrity: ${JSON.stringify(server.integrity)}; every one of the ${manifest.files} files should verify`,
  );
  check(
    server.loadWithoutIntegrity.total === manifest.distinctEvents,
    `without integrity the range counts ${server.loadWithoutIntegrity.total} events`,
  );
  check(
    server.restart.total === manifest.distinctEvents,
    `after the restart the range counts ${server.restart.total} events; the trail has ${manifest.distinctEvents}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
