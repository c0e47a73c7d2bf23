import type { EventRow } from "../cloudtrail/event-schema";
import { InvalidRecordError, normalizeRecord } from "../cloudtrail/normalize";
import type { Problem } from "../cloudtrail/problem-schema";
import { readTrailFile, type ReaderOptions } from "../reader";
import type { TrailFileRef } from "../sources/source-types";
import type { EventWriter } from "../store/event-writer";

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export interface FileLoadStats {
  records: number;
  bytes: number;
  problems: Problem[];
  /** Resolves when the file's rows and registration are committed. */
  committed: Promise<void>;
}

/**
 * Reads one trail file into the store: decode, normalize, write, register.
 * Returns once the file is read; the commit (batched with other files) is
 * `committed`, so a slow flush never holds a reading slot.
 */
export async function loadTrailFile(
  ref: TrailFileRef,
  writer: EventWriter,
  readerOptions: ReaderOptions = {},
): Promise<FileLoadStats> {
  const origin = { kind: ref.kind, source: ref.source, key: ref.key };
  const problems: Problem[] = [];
  let records = 0;
  writer.startFile(origin);
  const summary = await readTrailFile(
    { name: ref.key, open: ref.open },
    async (batch) => {
      const rows: EventRow[] = [];
      const indexOf = new Map<EventRow, number>();
      const reject = (index: number | null, message: string) =>
        problems.push({
          kind: "invalid-record",
          severity: "error",
          file: ref.key,
          recordIndex: index,
          message: `${index === null ? "a record" : `record ${index}`} ${message}; skipped`,
        });
      for (const { index, record } of batch) {
        try {
          const row = normalizeRecord(record, origin);
          rows.push(row);
          indexOf.set(row, index);
        } catch (error) {
          // Hostile input must cost one record, never the file or the load: an unexpected
          // failure is reported with the record, like an invalid one.
          reject(
            index,
            error instanceof InvalidRecordError
              ? error.message
              : `could not be read: ${errorText(error)}`,
          );
        }
      }
      const rejected = await writer.addRows(rows, origin);
      for (const { row, error } of rejected) {
        reject(indexOf.get(row) ?? null, `could not be stored: ${error.message}`);
      }
      records += rows.length - rejected.length;
    },
    readerOptions,
  );
  problems.unshift(...summary.problems);
  const committed = writer.finishFile({
    ...origin,
    version: ref.version,
    format: summary.format,
    records,
    bytes: summary.bytesIn,
    problems,
    complete: !summary.problems.some((p) => p.kind === "read-failed"),
  });
  // Awaited by the load job at its end; a failure must not count as unhandled before then.
  committed.catch(() => undefined);
  return { records, bytes: summary.bytesIn, problems, committed };
}
