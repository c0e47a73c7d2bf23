import { contentHash, keyPath, ROOT_PATH, walkValue } from "./content-hash";

/**
 * The text free-text search (`q`) looks in: every value of a record (strings,
 * numbers, booleans, at any depth; not the keys), lowercased, one after the
 * other with a separator, so a search matches inside one value and never
 * across two. About half the size of the record's JSON: the keys, quotes and
 * braces are what it leaves out. Control characters become spaces (they
 * never help a search, and the separator is one of them).
 *
 * The same walk over the record gives its content hash (content-hash.ts):
 * the load needs both, and walking a record is a good part of the cost.
 */

/** Between two values; never inside one (control characters are replaced). */
export const SEARCH_SEPARATOR = "\u001e";

/** Past this, a record's values are not searched (a hostile record can hold megabytes). */
export const MAX_SEARCH_CHARS = 64 * 1024;

/** The record's eventTime is left out: the time range filters on it. */
const LEFT_OUT = "eventTime";

/** Control characters but the separator (one inside a value simply separates too). */
const CONTROL = /[\u0000-\u001d\u001f]/;
const CONTROLS = /[\u0000-\u001d\u001f]/g;

export interface SearchText {
  text: string;
  /**
   * No value of the record holds a control character (but U+001E): nor does
   * any text derived from them, which the store then takes without checking.
   */
  plain: boolean;
  /** The record's content hash (content-hash.ts), eventTime included. */
  contentHash: number;
}

export function searchText(record: Record<string, unknown>): SearchText {
  const values: string[] = [];
  let hash = 0;
  let keys = 0;
  for (const key in record) {
    keys += 1;
    // eventTime is hashed, not searched.
    const part = walkValue(record[key], keyPath(ROOT_PATH, key), key === LEFT_OUT ? null : values);
    hash = (hash + part) | 0;
  }
  let text = values.join(SEARCH_SEPARATOR);
  // Rare: a value with a control character (one pass over the text finds out).
  const plain = !CONTROL.test(text) && !(LEFT_OUT in record && hasControl(record[LEFT_OUT]));
  if (!plain) text = values.map((v) => v.replace(CONTROLS, " ")).join(SEARCH_SEPARATOR);
  if (text.length > MAX_SEARCH_CHARS) text = text.slice(0, MAX_SEARCH_CHARS);
  // The record's hash is the sum of its keys' (walkValue's rule), or an empty object's.
  const hashed = keys === 0 ? contentHash(record) : hash >>> 0;
  return { text: text.toLowerCase(), plain, contentHash: hashed };
}

function hasControl(value: unknown): boolean {
  return typeof value === "string" && CONTROL.test(value);
}
