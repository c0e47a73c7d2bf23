import { createParser, parseAsNativeArrayOf, parseAsString, parseAsStringLiteral } from "nuqs";
import { LIST_FIELDS, type ListField } from "@/lib/cloudtrail/fields";
import { INTEGRITY_STATUSES } from "@/lib/integrity/integrity-schema";
import { ERROR_STATES } from "@/lib/query/event-query";
import { BOOLEAN_TEXTS, formatSort, PAGE_ONLY_PARAMS, parseSort } from "@/lib/query/view-params";

/**
 * The events view's URL state. Keys are the `/api/events` parameter names,
 * so the page address and the API address of a view correspond; `-field`
 * holds the excluded values of a field.
 */
const listParsers = Object.fromEntries(
  LIST_FIELDS.flatMap((f) => [
    [f, parseAsNativeArrayOf(parseAsString)],
    [`-${f}`, parseAsNativeArrayOf(parseAsString)],
  ]),
) as Record<ListField | `-${ListField}`, ReturnType<typeof parseAsNativeArrayOf<string>>>;

export const eventsSearchParams = {
  from: parseAsString,
  to: parseAsString,
  ...listParsers,
  error: parseAsStringLiteral(ERROR_STATES),
  readOnly: parseAsStringLiteral(BOOLEAN_TEXTS),
  crossAccount: parseAsStringLiteral(BOOLEAN_TEXTS),
  /** Files' standings against the digests (`integrity=modified&integrity=uncovered`). */
  integrity: parseAsNativeArrayOf(parseAsStringLiteral(INTEGRITY_STATUSES)),
  q: parseAsString,
  /** `1`: the view goes through an Athena search of the bucket (lib/athena). */
  athena: parseAsStringLiteral(["1"] as const),
  /** `-time` (default), `eventName`, `-errorCode`... (see SORT_FIELDS), read as the API reads it. */
  sort: createParser({ parse: parseSort, serialize: formatSort }),
  /** The open event (page only: not part of the data query). */
  event: parseAsString,
  /** How times are shown and typed (page only). */
  tz: parseAsStringLiteral(["utc", "local"] as const).withDefault("utc"),
  /** Times as instants or as "5 min ago" (page only). */
  times: parseAsStringLiteral(["absolute", "relative"] as const).withDefault("absolute"),
};

/** The filter part of the URL, as `/api/events` parameters. */
export function apiParamsFromUrl(search: URLSearchParams): URLSearchParams {
  const params = new URLSearchParams(search);
  for (const key of PAGE_ONLY_PARAMS) params.delete(key);
  return params;
}
