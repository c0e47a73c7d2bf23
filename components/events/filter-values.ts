import type { Values } from "nuqs";
import { FILTER_BAR_FIELDS, type ListField } from "@/lib/cloudtrail/fields";
import { INTEGRITY_STATUSES } from "@/lib/integrity/integrity-schema";
import { ERROR_STATES } from "@/lib/query/event-query";
import { BOOLEAN_TEXTS } from "@/lib/query/view-params";
import { inputValueToIso } from "./format";
import type { eventsSearchParams } from "./search-params";

export type FilterState = Values<typeof eventsSearchParams>;

export type TextField = Exclude<ListField, "category">;

/** The text inputs (lib/cloudtrail/fields.ts); category is a row of checkboxes. */
export const TEXT_FILTERS = FILTER_BAR_FIELDS as readonly {
  key: TextField;
  label: string;
  placeholder: string;
  more: boolean;
}[];

export type TextFilterField = (typeof TEXT_FILTERS)[number];

/** `a, !b` -> included [a], excluded [b]. */
export function splitValues(text: string): { include: string[]; exclude: string[] } {
  const values = text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  return {
    include: values.filter((v) => !v.startsWith("!")),
    exclude: values
      .filter((v) => v.startsWith("!"))
      .map((v) => v.slice(1).trim())
      .filter(Boolean),
  };
}

/** A text filter's input value: included values, then excluded ones with a leading `!`. */
export function textFilterValue(state: FilterState, key: TextField): string {
  return [...state[key], ...state[`-${key}`].map((v) => `!${v}`)].join(", ");
}

/**
 * The URL state a submitted filter form asks for. `shown` is the range the
 * inputs showed: times are written only when the user changed them, which
 * keeps the URL short (inputs hold seconds).
 */
export function filtersFromForm(
  data: FormData,
  state: FilterState,
  shown: { from: string | null; to: string | null },
): Partial<FilterState> {
  const text = (name: string) => String(data.get(name) ?? "");
  const nextFrom = inputValueToIso(text("from"), state.tz);
  const nextTo = inputValueToIso(text("to"), state.tz);
  const changed = (next: string | null, was: string | null) =>
    next !== null && next.slice(0, 19) !== (was ?? "").slice(0, 19);
  const lists: Partial<Record<TextField | `-${TextField}`, string[]>> = {};
  for (const { key } of TEXT_FILTERS) {
    const { include, exclude } = splitValues(text(key));
    lists[key] = include;
    lists[`-${key}`] = exclude;
  }
  return {
    from: changed(nextFrom, shown.from) ? nextFrom : state.from,
    to: changed(nextTo, shown.to) ? nextTo : state.to,
    category: data.getAll("category").map(String),
    ...lists,
    error: oneOf(ERROR_STATES, text("error")),
    readOnly: oneOf(BOOLEAN_TEXTS, text("readOnly")),
    crossAccount: oneOf(BOOLEAN_TEXTS, text("crossAccount")),
    integrity: INTEGRITY_STATUSES.filter((s) => data.getAll("integrity").includes(s)),
    q: text("q").trim() || null,
    event: null,
  };
}

/** A select's value when it is one the URL state takes, else none (the empty "any"). */
function oneOf<T extends string>(values: readonly T[], text: string): T | null {
  return values.find((v) => v === text) ?? null;
}

/** "More filters" starts open when one of its filters is set. */
export function moreFiltersSet(state: FilterState): boolean {
  return (
    TEXT_FILTERS.some(
      (f) => f.more && (state[f.key].length > 0 || state[`-${f.key}`].length > 0),
    ) ||
    Boolean(state.error || state.readOnly || state.crossAccount) ||
    state.integrity.length > 0
  );
}
