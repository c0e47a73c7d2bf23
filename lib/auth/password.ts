import { randomBytes, scryptSync, timingSafeEqual } from "node:crypto";
import { ScryptWorkers } from "./scrypt-workers";

/**
 * Password hashes for the users file: `scrypt$N$r$p$<salt base64>$<hash base64>`
 * (node:crypto scrypt, 64-byte key). `npm run hash-password` prints one.
 */

const KEY_LENGTH = 64;
const DEFAULTS = { N: 16384, r: 8, p: 1 };

export function hashPassword(password: string, salt: Buffer = randomBytes(16)): string {
  const { N, r, p } = DEFAULTS;
  const key = scryptSync(password, salt, KEY_LENGTH, { N, r, p, maxmem: 64 * 1024 * 1024 });
  return `scrypt$${N}$${r}$${p}$${salt.toString("base64")}$${key.toString("base64")}`;
}

interface ParsedHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  key: Buffer;
}

export function parsePasswordHash(hash: string): ParsedHash | null {
  const parts = hash.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return null;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  const salt = Buffer.from(parts[4] ?? "", "base64");
  const key = Buffer.from(parts[5] ?? "", "base64");
  if (!N || !r || !p || N & (N - 1) || N > 2 ** 20 || r > 32 || p > 16) return null;
  if (salt.length < 8 || key.length < 32) return null;
  return { N, r, p, salt, key };
}

/**
 * One check at a time, on a thread of the lowest priority: a check takes tens
 * of milliseconds of CPU (and 16 MB of memory it sweeps through), and a burst
 * of them must not take either from the other requests (#22, scrypt-workers.ts).
 */
const workers = new ScryptWorkers(1);

/** Constant-time comparison of the derived key. A malformed hash never matches. */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  const parsed = parsePasswordHash(hash);
  if (!parsed) return false;
  const { N, r, p, salt, key } = parsed;
  const derived = await workers.derive(password, salt, key.length, {
    N,
    r,
    p,
    maxmem: 256 * 1024 * 1024,
  });
  return timingSafeEqual(derived, key);
}

/** Spent on unknown users, so a wrong name takes as long as a wrong password. */
export const DUMMY_HASH = hashPassword("not a password", Buffer.alloc(16));
