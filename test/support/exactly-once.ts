import { gunzipSync } from "node:zlib";
import { expect } from "vitest";
import type { Store } from "@/lib/store/database";

/** Checks shared by the fault tests: no event lost, none doubled. */

async function column(store: Store, sql: string): Promise<string[]> {
  const rows = await store.query<{ v: string }>(sql);
  return rows.map((r) => r.v);
}

async function number(store: Store, sql: string): Promise<number> {
  return Number((await column(store, `SELECT (${sql})::VARCHAR AS v`))[0]);
}

/** The eventIDs of gzip trail objects (`{"Records":[...]}`), as generated. */
export function eventIdsOf(objects: { body: Uint8Array }[]): string[] {
  return objects.flatMap((o) =>
    (
      JSON.parse(gunzipSync(o.body).toString("utf8")) as { Records: { eventID: string }[] }
    ).Records.map((r) => r.eventID),
  );
}

/**
 * The store holds exactly `expected` events, each once: the set of ids is the generated
 * set, the events table has one row per id, and each event was recorded once per file
 * that holds it (`originsPerEvent`, 1 unless files repeat events).
 */
export async function expectExactlyOnce(
  store: Store,
  expected: Iterable<string>,
  originsPerEvent = 1,
): Promise<void> {
  const want = new Set(expected);
  const ids = await column(store, "SELECT id AS v FROM events");
  expect(ids.length, "rows in events").toBe(want.size);
  expect(new Set(ids).size, "distinct ids in events").toBe(ids.length);
  const missing = [...want].filter((id) => !ids.includes(id));
  expect(missing, "events lost").toEqual([]);
  expect(await number(store, "SELECT count(*) FROM event_origins"), "origins").toBe(
    want.size * originsPerEvent,
  );
  expect(
    await number(
      store,
      "SELECT count(*) FROM (SELECT event_id, source, key FROM event_origins GROUP BY ALL HAVING count(*) > 1)",
    ),
    "doubled origins",
  ).toBe(0);
  // The hourly counts hold each stored event once too (written in the same transactions).
  expect(
    await number(
      store,
      `SELECT count(*) FROM (
         SELECT date_trunc('hour', time) AS hour, event_name, count(*) AS stored
         FROM events GROUP BY ALL)
       FULL JOIN (SELECT hour, event_name, sum(n) AS counted FROM event_counts GROUP BY ALL)
         USING (hour, event_name)
       WHERE stored IS DISTINCT FROM counted`,
    ),
    "hours whose event_counts differ from their events",
  ).toBe(0);
}

/** Every file registered as loaded has all its events in the store (none half-registered). */
export async function expectLoadedFilesComplete(store: Store): Promise<void> {
  const missing = await number(
    store,
    `SELECT count(*) FROM loaded_files f
       WHERE f.records <> (SELECT count(*) FROM event_origins o
                           WHERE o.source = f.source AND o.key = f.key)`,
  );
  expect(missing, "files registered with events missing").toBe(0);
}
