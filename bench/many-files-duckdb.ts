import { DuckDBInstance } from "@duckdb/node-api";

/**
 * DuckDB's own reading of the same folder, as a yardstick for what an
 * embedded analytical engine does unaided: read_json of every file into a
 * table of records (schema inferred, records unnested), then counted.
 */

export interface DuckDbResult {
  seconds: number;
  records: number;
  distinctEvents: number;
}

export async function measureDuckDbRead(trail: string): Promise<DuckDbResult> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    const glob = `${trail.replaceAll("'", "''")}/**/*.json.gz`;
    const started = performance.now();
    await connection.run(
      `CREATE TABLE records AS SELECT unnest(Records) AS r FROM read_json('${glob}', format = 'auto')`,
    );
    const reader = await connection.runAndReadAll(
      "SELECT count(*)::DOUBLE, count(DISTINCT r.eventID)::DOUBLE FROM records",
    );
    const seconds = (performance.now() - started) / 1000;
    const [records, distinct] = reader.getRows()[0]! as [number, number];
    return { seconds, records, distinctEvents: distinct };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
