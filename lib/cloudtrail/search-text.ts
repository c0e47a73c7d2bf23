/**
 * The text free-text search (`q`) looks in: every value of a record (strings,
 * numbers, booleans, at any depth; not the keys), lowercased, one after the
 * other with a separator, so a search matches inside one value and never
 * across two. About half the size of the record's JSON: the keys, quotes and
 * braces are what it leaves out. Control characters become spaces (they
 * never help a search, and the separator is one of them).
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

function addValues(value: unknown, out: string[]): void {
  if (typeof value === "string") {
    if (value.length > 0) out.push(value);
  } else if (typeof value === "number" || typeof value === "boolean") {
    out.push(String(value));
  } else if (Array.isArray(value)) {
    for (const item of value) addValues(item, out);
  } else if (value !== null && typeof value === "object") {
    for (const key in value) addValues((value as Record<string, unknown>)[key], out);
  }
}

export interface SearchText {
  text: string;
  /**
   * No value of the record holds a control character (but U+001E): nor does
   * any text derived from them, which the store then takes without checking.
   */
  plain: boolean;
}

export function searchText(record: Record<string, unknown>): SearchText {
  const values: string[] = [];
  for (const key in record) if (key !== LEFT_OUT) addValues(record[key], values);
  let text = values.join(SEARCH_SEPARATOR);
  // Rare: a value with a control character (one pass over the text finds out).
  const plain = !CONTROL.test(text) && !(LEFT_OUT in record && hasControl(record[LEFT_OUT]));
  if (!plain) text = values.map((v) => v.replace(CONTROLS, " ")).join(SEARCH_SEPARATOR);
  if (text.length > MAX_SEARCH_CHARS) text = text.slice(0, MAX_SEARCH_CHARS);
  return { text: text.toLowerCase(), plain };
}

function hasControl(value: unknown): boolean {
  return typeof value === "string" && CONTROL.test(value);
}
