import { createReadStream, type Dirent, statSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { setImmediate as yieldToEvents } from "node:timers/promises";
import path from "node:path";
import type { Problem } from "../../cloudtrail/problem-schema";
import type { TimeRange } from "../../query/event-query";
import { isDigestKey } from "../../reader";
import { DayFolderFilter, DELIVERY_SLACK_MS, deliveryTimeOfKey } from "../delivery-window";
import { fileNameOf } from "../../integrity/digest-file";
import type { DigestRef, FilePlan, TrailFileRef, TrailFileSource } from "../source-types";

/**
 * A folder of trail files: a whole bucket copy (`AWSLogs/[o-org/]<account>/
 * CloudTrail/<region>/YYYY/MM/DD/`), a partial copy (`<region>/YYYY/MM/DD/`,
 * `YYYY/MM/DD/`), or any folder of files. Only the day folders that can hold
 * the range are walked; files outside day folders are always considered.
 */

const TRAIL_FILE = /\.(json|jsonl|ndjson|log)(\.gz)?$|\.gz$/i;
const SKIPPED_DIRS = new Set(["node_modules"]);
const DIGEST_DIR = "CloudTrail-Digest";
/** A local copy keeps no S3 metadata: a digest's signature (hex) may sit beside it in `<name>.sig`. */
const SIGNATURE_SUFFIX = ".sig";
const YEAR = /^(19|20|21)\d\d$/;
const STATS_PER_SLICE = 2_000;
const MONTH = /^(0[1-9]|1[0-2])$/;
const DAY = /^(0[1-9]|[12]\d|3[01])$/;

/** Where a folder sits in a YYYY/MM/DD chain, so its children can be pruned. */
type DatePosition =
  | { level: "none" }
  | { level: "year"; year: string }
  | { level: "month"; year: string; month: string };

function listingProblem(file: string, error: unknown): Problem {
  return {
    kind: "read-failed",
    severity: "error",
    file,
    recordIndex: null,
    message: `cannot list folder: ${(error as Error).message}`,
  };
}

/**
 * A file of the folder. Its path is derived when asked and `open` is shared:
 * a plan holds one of these per file, hundreds of thousands at times, and
 * each string or closure kept per file weighed on the server's memory. (A
 * copy made by spreading has no path: it is read through its `open`.)
 */
class LocalTrailFile implements TrailFileRef {
  readonly kind = "local" as const;
  /** Size and modification time: a changed file is read again. */
  readonly version: string;

  constructor(
    readonly source: string,
    readonly key: string,
    readonly size: number,
    mtimeMs: number,
  ) {
    this.version = `${size}-${Math.trunc(mtimeMs)}`;
  }

  get path(): string {
    return path.join(this.source, this.key);
  }

  open() {
    return createReadStream(this.path, { highWaterMark: 1 << 20 });
  }
}

export class LocalFolderSource implements TrailFileSource {
  readonly kind = "local" as const;
  private lastWalkMs = 0;

  /**
   * A folder is listed again after 30 s, or 50 times its last walk (a folder of
   * hundreds of thousands of files takes a second or two of a core to walk).
   */
  get relistAfterMs(): number {
    return Math.max(30_000, 50 * this.lastWalkMs);
  }

  constructor(readonly root: string) {}

  get id(): string {
    return this.root;
  }

  async planRange(range: TimeRange): Promise<FilePlan> {
    const filter = new DayFolderFilter(range);
    const files: TrailFileRef[] = [];
    const problems: Problem[] = [];
    const from = Date.parse(range.from);
    const mayHold = (key: string) => {
      const delivered = deliveryTimeOfKey(key);
      return delivered === null || delivered + DELIVERY_SLACK_MS >= from;
    };
    const started = performance.now();
    const digests: TrailFileRef[] = [];
    const found = { files, digests, problems };
    await this.walk(this.root, "", { level: "none" }, filter, mayHold, found);
    this.lastWalkMs = performance.now() - started;
    const byKey = (a: TrailFileRef, b: TrailFileRef) =>
      a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
    files.sort(byKey);
    digests.sort(byKey);
    return { files, problems, digests: digests.map((d) => this.digestRef(d)) };
  }

  /** A digest found by the walk (stated like any file: its version is its size and time). */
  private digestRef({ key, version }: TrailFileRef): DigestRef {
    const full = path.join(this.root, key);
    return {
      source: this.root,
      key,
      version,
      read: async () => {
        const bytes = await readFile(full);
        const signature = await readFile(`${full}${SIGNATURE_SUFFIX}`, "utf8").then(
          (text) => text.trim().toLowerCase(),
          (error: NodeJS.ErrnoException) => {
            if (error.code === "ENOENT") return null;
            throw error;
          },
        );
        return {
          bytes,
          signature,
          noSignature: `a local copy keeps no signature (S3 holds it in the object's x-amz-meta-signature): none in ${fileNameOf(key)}${SIGNATURE_SUFFIX}`,
        };
      },
    };
  }

  /** `keyPrefix`: the folder's path below the root, with `/` (keys use `/` on every platform). */
  private async walk(
    dir: string,
    keyPrefix: string,
    position: DatePosition,
    filter: DayFolderFilter,
    mayHold: (key: string) => boolean,
    found: { files: TrailFileRef[]; digests: TrailFileRef[]; problems: Problem[] },
    inDigests = false,
  ): Promise<void> {
    const { files, digests, problems } = found;
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      problems.push(listingProblem(keyPrefix.replace(/\/$/, "") || ".", error));
      return;
    }
    for (const entry of entries) {
      const name = entry.name;
      if (name.startsWith(".")) continue;
      // Joined by hand: path.join and path.relative per file cost more than the stat.
      const full = `${dir}${path.sep}${name}`;
      if (entry.isDirectory()) {
        if (SKIPPED_DIRS.has(name)) continue;
        const child = this.childPosition(position, name, filter);
        if (child === "pruned") continue;
        const digestsBelow = inDigests || name === DIGEST_DIR;
        await this.walk(full, `${keyPrefix}${name}/`, child, filter, mayHold, found, digestsBelow);
      } else if (entry.isFile() && TRAIL_FILE.test(name)) {
        const key = `${keyPrefix}${name}`;
        const digest = inDigests || isDigestKey(key);
        if (!digest && !mayHold(key)) continue;
        const ref = this.fileRef(full, key, problems);
        if (ref) (digest ? digests : files).push(ref);
        // A stat is microseconds when synchronous, ten times that through the thread pool;
        // a day folder of thousands of files is stated in slices, so requests still get answers.
        if (files.length % STATS_PER_SLICE === 0) await yieldToEvents();
      }
    }
  }

  private childPosition(
    position: DatePosition,
    name: string,
    filter: DayFolderFilter,
  ): DatePosition | "pruned" {
    if (position.level === "year" && MONTH.test(name)) {
      return filter.allowsMonth(position.year, name)
        ? { level: "month", year: position.year, month: name }
        : "pruned";
    }
    if (position.level === "month" && DAY.test(name)) {
      return filter.allowsDay(position.year, position.month, name) ? { level: "none" } : "pruned";
    }
    if (YEAR.test(name)) {
      return filter.allowsYear(name) ? { level: "year", year: name } : "pruned";
    }
    return { level: "none" };
  }

  private fileRef(full: string, key: string, problems: Problem[]): TrailFileRef | null {
    try {
      const info = statSync(full);
      return new LocalTrailFile(this.root, key, info.size, info.mtimeMs);
    } catch (error) {
      problems.push({
        kind: "read-failed",
        severity: "error",
        file: key,
        recordIndex: null,
        message: `cannot read file: ${(error as Error).message}`,
      });
      return null;
    }
  }
}
