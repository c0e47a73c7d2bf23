import type { DuckDBConnection, DuckDBValue } from "@duckdb/node-api";

const ROWS_PER_STATEMENT = 400;

/** Multi-row INSERT with one positional parameter per value: never interpolates values. */
export async function insertRows(
  connection: DuckDBConnection,
  table: string,
  rows: DuckDBValue[][],
  options: { orReplace?: boolean } = {},
): Promise<void> {
  const verb = options.orReplace ? "INSERT OR REPLACE INTO" : "INSERT INTO";
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const slice = rows.slice(start, start + ROWS_PER_STATEMENT);
    const params: DuckDBValue[] = [];
    const tuples = slice.map((row) => {
      const placeholders = row.map((value) => {
        params.push(value);
        return `$${params.length}`;
      });
      return `(${placeholders.join(", ")})`;
    });
    await connection.run(`${verb} ${table} VALUES ${tuples.join(", ")}`, params);
  }
}
