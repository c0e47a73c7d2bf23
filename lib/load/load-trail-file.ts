import type { EventRow } from "../cloudtrail/event-schema";
import { InvalidRecordError, normalizeRecord } from "../cloudtrail/normalize";
import type { Problem } from "../cloudtrail/problem-schema";
import { readTrailFile, type ReaderOptions } from "../reader";
import type { TrailFileRef } from "../sources/source-types";
import type { EventWriter } from "../store/event-writer";

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
      for (const { index, record } of batch) {
        try {
          rows.push(normalizeRecord(record, origin));
        } catch (error) {
          if (!(error instanceof InvalidRecordError)) throw error;
          problems.push({
            kind: "invalid-record",
            severity: "error",
            file: ref.key,
            recordIndex: index,
            message: error.message,
          });
        }
      }
      records += rows.length;
      await writer.addRows(rows, origin);
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
