import "server-only";
import type { Problem } from "../cloudtrail/problem-schema";
import type { Store } from "./database";
import { sql } from "./sql";

export interface StoredProblem extends Problem {
  source: string;
}

/** The most recent problems first; `total` counts them all. */
export async function listProblems(
  store: Store,
  limit = 200,
): Promise<{ problems: StoredProblem[]; total: number }> {
  const [rows, counts] = await Promise.all([
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
  return {
    problems: rows.map((r) => ({
      source: r.source,
      file: r.file,
      recordIndex: r.record_index,
      kind: r.kind,
      severity: r.severity,
      message: r.message,
    })),
    total: Number(counts[0]?.total ?? 0),
  };
}
