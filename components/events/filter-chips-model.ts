import { LIST_FIELDS } from "@/lib/cloudtrail/fields";
import type { FilterState } from "./filter-values";
import { INTEGRITY_LABEL } from "./integrity-label";
import { paramLabel } from "./param-labels";

/**
 * Every filter of a view as a chip, whatever set it (the bar, a facet, a
 * cell, a link from Who did what, a typed URL): the page shows them all, so
 * no filter is ever applied unseen. The time range is not one: it has its
 * own fields, and a view always has one.
 */
export interface FilterChip {
  /** Unique on the page: the parameter and the value. */
  id: string;
  /** The URL parameter it comes from (`eventName`, `-eventName`, `error`...). */
  param: string;
  /** Its field's label, as the filter bar says it. */
  label: string;
  /** The value, in words. */
  value: string;
  /** Excludes the value instead of keeping it. */
  exclude: boolean;
  /** The URL state without this filter. */
  without: Partial<FilterState>;
}

const CHOICE_WORDS = {
  error: { any: "failed calls", none: "successful calls" },
  readOnly: { true: "reads", false: "changes" },
  crossAccount: { true: "from another account", false: "from the same account" },
} as const;

export function filterChips(state: FilterState): FilterChip[] {
  const chips: FilterChip[] = [];
  for (const field of LIST_FIELDS) {
    for (const param of [field, `-${field}`] as const) {
      const values = state[param];
      for (const value of values) {
        chips.push({
          id: `${param}=${value}`,
          param,
          label: paramLabel(param),
          value,
          exclude: param.startsWith("-"),
          without: { [param]: values.filter((v) => v !== value) },
        });
      }
    }
  }
  for (const param of ["error", "readOnly", "crossAccount"] as const) {
    const value = state[param];
    if (value === null) continue;
    const words: Record<string, string> = CHOICE_WORDS[param];
    chips.push({
      id: `${param}=${value}`,
      param,
      label: paramLabel(param),
      value: words[value] ?? value,
      exclude: false,
      without: { [param]: null },
    });
  }
  for (const status of state.integrity) {
    chips.push({
      id: `integrity=${status}`,
      param: "integrity",
      label: paramLabel("integrity"),
      value: INTEGRITY_LABEL[status],
      exclude: false,
      without: { integrity: state.integrity.filter((s) => s !== status) },
    });
  }
  if (state.q) {
    chips.push({
      id: "q",
      param: "q",
      label: paramLabel("q"),
      value: state.q,
      exclude: false,
      without: { q: null },
    });
  }
  return chips;
}

/** The URL state with every filter off (the time range, sort and display stay). */
export function withoutFilters(): Partial<FilterState> {
  return {
    ...Object.fromEntries(
      LIST_FIELDS.flatMap((f) => [
        [f, []],
        [`-${f}`, []],
      ]),
    ),
    error: null,
    readOnly: null,
    crossAccount: null,
    integrity: [],
    q: null,
    event: null,
  };
}
