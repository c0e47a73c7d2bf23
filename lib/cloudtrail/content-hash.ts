/**
 * A 32-bit hash of a record's content, to tell two deliveries of one eventID
 * apart: equal for the same content whatever the order of its keys or the
 * spacing of its JSON (a file re-serialized by a tool is not a change), and
 * different, but for a 1-in-4-billion chance, when any value, key or array
 * order differs. Each value is hashed with the path that leads to it and the
 * results are added up, so the order of an object's keys does not count.
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

function addValue(value: unknown, path: number): number {
  if (typeof value === "string")
    return mix(hashText(Math.imul(path ^ TAG.string, FNV_PRIME), value));
  if (typeof value === "number") {
    return mix(hashText(Math.imul(path ^ TAG.number, FNV_PRIME), String(value)));
  }
  if (typeof value === "boolean") return mix(Math.imul(path ^ TAG.boolean, FNV_PRIME) ^ +value);
  if (value === null || typeof value !== "object")
    return mix(Math.imul(path ^ TAG.null, FNV_PRIME));
  let sum = 0;
  if (Array.isArray(value)) {
    if (value.length === 0) return mix(Math.imul(path ^ TAG.emptyArray, FNV_PRIME));
    // An item's path is its parent's and its index: reordering an array changes the hash.
    for (let i = 0; i < value.length; i++) {
      sum = (sum + addValue(value[i], Math.imul(path ^ (i + 1), FNV_PRIME) ^ 0x5bd1e995)) | 0;
    }
    return sum;
  }
  let keys = 0;
  for (const key in value) {
    keys += 1;
    // The key ends with a character no key holds alone, so "ab"+"c" and "a"+"bc" differ.
    const keyPath = Math.imul(hashText(path, key) ^ 0xff, FNV_PRIME);
    sum = (sum + addValue((value as Record<string, unknown>)[key], keyPath)) | 0;
  }
  return keys === 0 ? mix(Math.imul(path ^ TAG.emptyObject, FNV_PRIME)) : sum;
}

/** The record's content hash, an unsigned 32-bit integer. */
export function contentHash(record: Record<string, unknown>): number {
  return addValue(record, FNV_OFFSET) >>> 0;
}
