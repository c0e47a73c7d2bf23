import type { ListField } from "@/lib/cloudtrail/fields";

/**
 * Where a pivot on one value of an event leads, from the page's view (its
 * URL's parameters): only that value in the view (the event stays open), the
 * view without it, or every event with it over the view's time range (the
 * other filters dropped). Display settings (zone, relative times) follow.
 */
export interface PivotHrefs {
  only: string;
  exclude: string;
  range: string;
}

const KEPT_FOR_RANGE = ["from", "to", "tz", "times"] as const;

export function pivotHrefs(view: URLSearchParams, field: ListField, value: string): PivotHrefs {
  const only = new URLSearchParams(view);
  only.delete(field);
  only.delete(`-${field}`, value);
  only.append(field, value);

  const exclude = new URLSearchParams(view);
  exclude.delete(field, value);
  exclude.delete(`-${field}`, value);
  exclude.append(`-${field}`, value);
  // The open event has the value: it leaves the view.
  exclude.delete("event");

  const range = new URLSearchParams();
  for (const key of KEPT_FOR_RANGE) {
    const kept = view.get(key);
    if (kept) range.set(key, kept);
  }
  range.set(field, value);

  return {
    only: `/?${only.toString()}`,
    exclude: `/?${exclude.toString()}`,
    range: `/?${range.toString()}`,
  };
}
