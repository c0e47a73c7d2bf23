/**
 * A 32-bit hash of a record's content, to tell two deliveries of one eventID
 * apart: equal for the same content whatever the order of its keys or the
 * spacing of its JSON (a file re-serialized by a tool is not a change), and
 * different, but for a 1-in-4-billion chance, when any value, key or array
 * order differs. Each value is hashed with the path that leads to it and the
 * results are added up, so the order of an object's keys does not count.
 *
 * The load computes it in the same walk that collects the record's search
 * text (walkValue, used by search-text.ts).
 */

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function hashText(hash: number, text: string): number {
  let h = hash;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h;
}

/** Spreads every input bit over the result (murmur3's finalizer): sums of these do not cancel. */
function mix(hash: number): number {
  let h = hash ^ (hash >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Tags keep a string "1" apart from the number 1, an empty object from an empty array. */
const TAG = { string: 1, number: 2, boolean: 3, null: 4, emptyObject: 5, emptyArray: 6 };

/** The path of the record itself. */
export const ROOT_PATH = FNV_OFFSET;

/**
 * Keys repeat from record to record (JSON.parse makes them the same strings):
 * each is hashed once. Bounded, since a hostile file can hold endless keys.
 */
const keyHashes = new Map<string, number>();
const MAX_KEYS = 20_000;

function keyHash(key: string): number {
  let h = keyHashes.get(key);
  if (h === undefined) {
    if (keyHashes.size >= MAX_KEYS) keyHashes.clear();
    h = mix(hashText(FNV_OFFSET, key));
    keyHashes.set(key, h);
  }
  return h;
}

/** The path of `key` below `path`. */
export function keyPath(path: number, key: string): number {
  return mix(Math.imul(path, 0x9e3779b1) ^ keyHash(key));
}

/** The path of item `index` of an array at `path`: reordering an array changes the hash. */
function itemPath(path: number, index: number): number {
  return mix(Math.imul(path ^ (index + 1), FNV_PRIME) ^ 0x5bd1e995);
}

function stringHash(path: number, value: string): number {
  return mix(hashText(Math.imul(path ^ TAG.string, FNV_PRIME), value));
}

/** A number, boolean or null at `path`. */
function scalarHash(path: number, value: number | boolean | null): number {
  if (typeof value === "number") {
    return mix(hashText(Math.imul(path ^ TAG.number, FNV_PRIME), String(value)));
  }
  if (typeof value === "boolean") return mix(Math.imul(path ^ TAG.boolean, FNV_PRIME) ^ +value);
  return mix(Math.imul(path ^ TAG.null, FNV_PRIME));
}

/** An object or array without entries at `path` (one with entries is the sum of its values). */
function emptyHash(path: number, array: boolean): number {
  return mix(Math.imul(path ^ (array ? TAG.emptyArray : TAG.emptyObject), FNV_PRIME));
}

/**
 * The content hash of `value` at `path`, adding its texts to `out` on the
 * way (search-text.ts collects them; null: hash only). Texts are the values
 * search looks in: strings (not empty ones), numbers and booleans.
 */
export function walkValue(value: unknown, path: number, out: string[] | null): number {
  if (typeof value === "string") {
    if (out && value.length > 0) out.push(value);
    return stringHash(path, value);
  }
  if (typeof value === "number" || typeof value === "boolean") {
    out?.push(String(value));
    return scalarHash(path, value);
  }
  if (value === null || typeof value !== "object") return scalarHash(path, null);
  let sum = 0;
  let entries = 0;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++, entries++) {
      sum = (sum + walkValue(value[i], itemPath(path, i), out)) | 0;
    }
  } else {
    for (const key in value) {
      entries += 1;
      const child = (value as Record<string, unknown>)[key];
      sum = (sum + walkValue(child, keyPath(path, key), out)) | 0;
    }
  }
  return entries === 0 ? emptyHash(path, Array.isArray(value)) : sum;
}

/** The record's content hash, an unsigned 32-bit integer. */
export function contentHash(record: Record<string, unknown>): number {
  return walkValue(record, ROOT_PATH, null) >>> 0;
}
