import "server-only";
import type { Problem } from "../cloudtrail/problem-schema";
import { listConflictingCopies } from "./conflicting-copies";
import type { Store } from "./database";
import { sql } from "./sql";

export interface StoredProblem extends Problem {
  source: string;
}

/**
 * Events delivered with different content first (each a sign of an edited
 * file), then the most recent problems; `total` counts them all.
 */
export async function listProblems(
  store: Store,
  limit = 200,
): Promise<{ problems: StoredProblem[]; total: number }> {
  const [conflicts, rows, counts] = await Promise.all([
    listConflictingCopies(store),
    store.query<{
      source: string;
      file: string;
      record_index: number | null;
      kind: Problem["kind"];
      severity: Problem["severity"];
      message: string;
    }>(
      sql`SELECT source, file, record_index, kind, severity, message FROM problems
         ORDER BY severity = 'error' DESC, seen_at DESC, source, file, record_index LIMIT ${limit}`,
    ),
    store.query<{ total: string }>("SELECT count(*)::VARCHAR AS total FROM problems"),
  ]);
  const stored = rows.map((r): StoredProblem => ({
    source: r.source,
    file: r.file,
    recordIndex: r.record_index,
    kind: r.kind,
    severity: r.severity,
    message: r.message,
  }));
  return {
    problems: [...conflicts, ...stored].slice(0, limit),
    total: conflicts.length + Number(counts[0]?.total ?? 0),
  };
}
