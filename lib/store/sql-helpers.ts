import type { DuckDBConnection, DuckDBValue } from "@duckdb/node-api";
import { sql } from "./sql";

const ROWS_PER_STATEMENT = 400;

/** Multi-row INSERT with one bound parameter per value: never interpolates values. `table`: a fixed name. */
export async function insertRows(
  connection: DuckDBConnection,
  table: string,
  rows: DuckDBValue[][],
  options: { orReplace?: boolean } = {},
): Promise<void> {
  const into = sql.raw(`${options.orReplace ? "INSERT OR REPLACE INTO" : "INSERT INTO"} ${table}`);
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const slice = rows.slice(start, start + ROWS_PER_STATEMENT);
    const tuples = slice.map((row) => sql`(${sql.list(row)})`);
    const statement = sql`${into} VALUES ${sql.join(tuples, ", ")}`;
    await connection.run(statement.text, statement.params);
  }
}
