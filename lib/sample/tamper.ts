import { serializeJson, type SerializedFile } from "./deliver";
import type { SignedDigest } from "./digest";

/**
 * One log file changed after its digest was written, so digest validation has
 * something to find the first time the sample is opened. The change is a
 * newline appended to the JSON text: every record stays the same (so every
 * count of the manifest holds), only the file's SHA-256 no longer matches the
 * one its digest lists.
 */

/** Which file: the first one the third digest lists, fixed so the sample stays deterministic. */
const TAMPERED_DIGEST = 2;

export interface Tampered {
  /** The log files, the tampered one replaced (its sha256 the new hash). */
  logFiles: SerializedFile[];
  /** Keys of the files changed after their digest. */
  modifiedFiles: string[];
}

export function tamperAfterDigest(
  logFiles: readonly SerializedFile[],
  digests: readonly SignedDigest[],
): Tampered {
  const key = digests[TAMPERED_DIGEST]?.logFileKeys[0];
  if (key === undefined)
    throw new Error(
      `sample generator: digest ${TAMPERED_DIGEST + 1} lists no log file to tamper with`,
    );
  return {
    logFiles: logFiles.map((f) =>
      f.key === key ? serializeJson(f, `${f.json}\n`, f.oldestEventTime, f.newestEventTime) : f,
    ),
    modifiedFiles: [key],
  };
}
