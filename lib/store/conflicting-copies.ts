import "server-only";
import type { Store } from "./database";
import { ISO_TIME_FORMAT } from "./event-rows";
import type { StoredProblem } from "./problems";
import { sql } from "./sql";

/**
 * Events delivered with different content under one eventID (found by the
 * load: lib/store/commit-segments.ts), as problems naming the files. Made
 * from what the store holds when asked, not stored as problem rows: a file
 * read again, or read by two loads at once, neither repeats nor loses one.
 */

interface Origin {
  source: string;
  key: string;
  index: number;
  hash: string;
  kept: boolean;
}

const ORIGINS_SQL = sql`
  WITH conflicts AS (SELECT event_id, event_time, found_at FROM conflicting_events),
  span AS (SELECT min(event_time) AS low, max(event_time) AS high FROM conflicts),
  origins AS (
    SELECT e.id AS event_id, e.time AS event_time, e.file_id, e.record_index, e.content_hash,
      true AS kept
    FROM events e SEMI JOIN conflicts c ON e.id = c.event_id AND e.time = c.event_time
    WHERE e.time BETWEEN (SELECT low FROM span) AND (SELECT high FROM span)
    UNION ALL
    SELECT o.event_id, o.event_time, o.file_id, o.record_index, o.content_hash, false
    FROM event_copies o SEMI JOIN conflicts c ON o.event_id = c.event_id AND o.event_time = c.event_time
    WHERE o.event_time BETWEEN (SELECT low FROM span) AND (SELECT high FROM span)
  )
  SELECT c.event_id, strftime(c.event_time, ${ISO_TIME_FORMAT}) AS event_time, c.found_at,
    list(DISTINCT {source: f.source, key: f.key, index: o.record_index,
                   hash: o.content_hash::VARCHAR, kept: o.kept}) AS origins
  FROM conflicts c
  JOIN origins o ON o.event_id = c.event_id AND o.event_time = c.event_time
  -- The kept row is read from its file's bytes even once that file was read again.
  JOIN files f ON f.file_id = o.file_id AND (o.kept OR NOT f.replaced)
  GROUP BY c.event_id, c.event_time, c.found_at
  HAVING count(DISTINCT o.content_hash) > 1
  ORDER BY c.found_at DESC, c.event_time, c.event_id`;

function placeOf(origin: Origin, source: string): string {
  const place = `${origin.key} (record ${origin.index})`;
  return origin.source === source ? place : `${place} in ${origin.source}`;
}

/** One problem per conflicting event, the file of the copy shown first. */
function conflictProblem(eventId: string, eventTime: string, origins: Origin[]): StoredProblem {
  const kept = origins.find((o) => o.kept) ?? origins[0]!;
  const others = origins
    .filter((o) => o.hash !== kept.hash)
    .sort((a, b) => a.source.localeCompare(b.source) || a.key.localeCompare(b.key));
  return {
    source: kept.source,
    kind: "conflicting-copies",
    severity: "error",
    file: kept.key,
    recordIndex: kept.index,
    message:
      `event ${eventId} (${eventTime}) was delivered with different content in ` +
      `${placeOf(kept, kept.source)} and ${others.map((o) => placeOf(o, kept.source)).join(", ")}: ` +
      "CloudTrail delivers an event alike every time, so one of these files was edited. " +
      "The copy shown is the same whichever file is read first.",
  };
}

/** Every conflicting event as a problem, most recently found first. */
export async function listConflictingCopies(store: Store): Promise<StoredProblem[]> {
  const [found] = await store.query<{ n: number }>(
    "SELECT count(*)::INTEGER AS n FROM conflicting_events",
  );
  // The usual store has none: the events table is not read at all.
  if (!found || found.n === 0) return [];
  const rows = await store.query<{ event_id: string; event_time: string; origins: Origin[] }>(
    ORIGINS_SQL,
  );
  return rows.map((r) => conflictProblem(r.event_id, r.event_time, r.origins));
}
