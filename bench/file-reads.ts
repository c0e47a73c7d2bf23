import { readdirSync, readFileSync, statSync, utimesSync } from "node:fs";
import path from "node:path";

/**
 * Which files of a folder were read, told by their access times: every access
 * time is set before the modification time, which a relatime (or strictatime)
 * mount then moves on the next read. The modification time is written back as
 * it was (to the millisecond), so a loader's size + mtime version stays equal.
 */

function files(dir: string, found: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files(full, found);
    else found.push(full);
  }
  return found;
}

function markUnread(file: string): void {
  const { mtime } = statSync(file);
  utimesSync(file, new Date(mtime.getTime() - 60_000), mtime);
}

const wasRead = (file: string) => {
  const s = statSync(file);
  return s.atimeMs > s.mtimeMs;
};

/**
 * Marks every file under `root` unread; false when this filesystem does not
 * move access times on reads (noatime), so reads cannot be told.
 */
export function markAllUnread(root: string): boolean {
  const all = files(root);
  for (const file of all) markUnread(file);
  // One read, to see that the filesystem records it.
  const probe = all[0];
  if (!probe) return false;
  readFileSync(probe);
  const works = wasRead(probe);
  markUnread(probe);
  return works;
}

/** Files under `root` read since markAllUnread. */
export function countRead(root: string): number {
  return files(root).filter(wasRead).length;
}
