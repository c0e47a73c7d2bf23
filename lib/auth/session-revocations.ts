import { appendFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * Sessions ended by signing out, until the cookie would have expired anyway:
 * the cookie stops working at once, on this server and after a restart. Kept
 * in memory and in `TRAILGLASS_DATA/revoked-sessions`, one `<sid> <expires>`
 * line per sign-out (appended: a crash loses at most the line being written);
 * lines past their expiry are dropped when the file is read at start. Only a
 * signed-in user can add one, for the session it holds.
 */

export const REVOCATIONS_FILE = "revoked-sessions";
const LINE = /^([A-Za-z0-9_-]{16,64}) (\d{1,15})$/;

export class SessionRevocations {
  /** sid -> expiry (epoch ms). */
  private readonly revoked = new Map<string, number>();
  /** Size at which expired entries are next dropped from memory. */
  private pruneAt = 1_024;

  /** `file`: where they persist; null keeps them in memory only. */
  constructor(
    private readonly file: string | null,
    now = Date.now(),
  ) {
    if (!file) return;
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
      throw error;
    }
    let dropped = 0;
    for (const line of text.split("\n")) {
      const match = LINE.exec(line.trim());
      const expires = Number(match?.[2]);
      if (match && expires > now) this.revoked.set(match[1]!, expires);
      else if (line.trim()) dropped++;
    }
    if (dropped > 0) this.rewrite();
  }

  isRevoked(sid: string, now = Date.now()): boolean {
    const expires = this.revoked.get(sid);
    return expires !== undefined && expires > now;
  }

  revoke(sid: string, expires: number, now = Date.now()): void {
    if (!LINE.test(`${sid} ${Math.trunc(expires)}`) || expires <= now) return;
    this.revoked.set(sid, Math.trunc(expires));
    if (this.revoked.size >= this.pruneAt) {
      for (const [key, until] of this.revoked) if (until <= now) this.revoked.delete(key);
      this.pruneAt = Math.max(1_024, 2 * this.revoked.size);
    }
    if (!this.file) return;
    mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    appendFileSync(this.file, `${sid} ${Math.trunc(expires)}\n`, { mode: 0o600 });
  }

  /** Write the file anew with what is still in force (a temporary file, renamed over it). */
  private rewrite(): void {
    const file = this.file!;
    const lines = [...this.revoked].map(([sid, expires]) => `${sid} ${expires}\n`).join("");
    writeFileSync(`${file}.tmp`, lines, { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
  }
}

const holder = globalThis as { __trailglassRevocations?: Map<string, SessionRevocations> };

/**
 * The process's revocations for a data folder. On globalThis: proxy.ts, which
 * checks them, and the sign-out route, which adds to them, are bundled apart.
 */
export function sessionRevocations(dataDir: string): SessionRevocations {
  holder.__trailglassRevocations ??= new Map();
  let revocations = holder.__trailglassRevocations.get(dataDir);
  if (!revocations) {
    revocations = new SessionRevocations(path.join(dataDir, REVOCATIONS_FILE));
    holder.__trailglassRevocations.set(dataDir, revocations);
  }
  return revocations;
}
