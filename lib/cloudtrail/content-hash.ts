/**
 * A 32-bit hash of a record's content, to tell two deliveries of one eventID
 * apart: equal for the same content whatever the order of its keys or the
 * spacing of its JSON (a file re-serialized by a tool is not a change), and
 * different, but for a 1-in-4-billion chance, when any value, key or array
 * order differs. Each value is hashed with the path that leads to it and the
 * results are added up, so the order of an object's keys does not count.
 *
 * The load computes it in the same walk as the record's search text
 * (search-text.ts): the helpers below are that walk's steps.
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
export function itemPath(path: number, index: number): number {
  return mix(Math.imul(path ^ (index + 1), FNV_PRIME) ^ 0x5bd1e995);
}

export function stringHash(path: number, value: string): number {
  return mix(hashText(Math.imul(path ^ TAG.string, FNV_PRIME), value));
}

/** A number, boolean or null at `path`. */
export function scalarHash(path: number, value: number | boolean | null): number {
  if (typeof value === "number") {
    return mix(hashText(Math.imul(path ^ TAG.number, FNV_PRIME), String(value)));
  }
  if (typeof value === "boolean") return mix(Math.imul(path ^ TAG.boolean, FNV_PRIME) ^ +value);
  return mix(Math.imul(path ^ TAG.null, FNV_PRIME));
}

/** An object or array without entries at `path` (one with entries is the sum of its values). */
export function emptyHash(path: number, array: boolean): number {
  return mix(Math.imul(path ^ (array ? TAG.emptyArray : TAG.emptyObject), FNV_PRIME));
}

function addValue(value: unknown, path: number): number {
  if (typeof value === "string") return stringHash(path, value);
  if (value === null || typeof value !== "object") {
    return scalarHash(path, typeof value === "number" || typeof value === "boolean" ? value : null);
  }
  let sum = 0;
  let entries = 0;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++, entries++) {
      sum = (sum + addValue(value[i], itemPath(path, i))) | 0;
    }
  } else {
    for (const key in value) {
      entries += 1;
      sum = (sum + addValue((value as Record<string, unknown>)[key], keyPath(path, key))) | 0;
    }
  }
  return entries === 0 ? emptyHash(path, Array.isArray(value)) : sum;
}

/** The record's content hash, an unsigned 32-bit integer. */
export function contentHash(record: Record<string, unknown>): number {
  return addValue(record, ROOT_PATH) >>> 0;
}
