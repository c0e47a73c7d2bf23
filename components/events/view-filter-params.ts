import type { EventCategory } from "@/lib/cloudtrail/event-schema";
import { LIST_FIELDS } from "@/lib/cloudtrail/fields";
import type { EventFilter } from "@/lib/query/event-query";
import { eventFilterToParams } from "@/lib/query/view-params";
import type { FilterState } from "./filter-values";

/**
 * The view's filter from the page's URL state, as the API's parameters: what
 * an endpoint about the whole view (`/api/integrity`) is asked with. Sort,
 * paging and page-only state are left out, so they do not ask it again.
 * Absent times stay absent: the server fills its default range.
 */
export function viewFilterParams(state: FilterState): URLSearchParams {
  const lists = Object.fromEntries(LIST_FIELDS.map((f) => [f, state[f]])) as Pick<
    EventFilter,
    (typeof LIST_FIELDS)[number]
  >;
  const exclude: EventFilter["exclude"] = {};
  for (const field of LIST_FIELDS) {
    if (state[`-${field}`].length > 0) exclude[field] = state[`-${field}`];
  }
  const yesNo = (text: "true" | "false" | null) => (text === null ? null : text === "true");
  return eventFilterToParams({
    from: state.from ?? undefined,
    to: state.to ?? undefined,
    ...lists,
    category: state.category as EventCategory[],
    exclude,
    error: state.error,
    readOnly: yesNo(state.readOnly),
    crossAccount: yesNo(state.crossAccount),
    integrity: state.integrity,
    q: state.q,
  });
}
