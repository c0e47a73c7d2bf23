import type { Store } from "./database";
import { COUNTED_COLUMNS } from "./schema";

/**
 * After a load: the rows of `event_counts` that count the same hour and
 * combination (each transaction adds its own) are merged, so counted reads
 * stay small, and the store is checkpointed. Queries sum the rows either way:
 * tidying changes no answer.
 */
export async function tidyStore(store: Store): Promise<void> {
  const counted = COUNTED_COLUMNS.join(", ");
  await store.transaction(async (connection) => {
    await connection.run(`
      CREATE TEMP TABLE IF NOT EXISTS merged_counts AS FROM event_counts LIMIT 0;
      DELETE FROM merged_counts;
      INSERT INTO merged_counts
        SELECT hour, ${counted}, sum(n), min(first_time), max(last_time) FROM event_counts
        WHERE hour IN (SELECT hour FROM event_counts GROUP BY hour, ${counted} HAVING count(*) > 1)
        GROUP BY ALL;
      DELETE FROM event_counts WHERE hour IN (SELECT DISTINCT hour FROM merged_counts);
      INSERT INTO event_counts SELECT * FROM merged_counts;
      DELETE FROM merged_counts;`);
  });
  await store.write((connection) => connection.run("CHECKPOINT"));
}
