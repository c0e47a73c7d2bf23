import { parseAsNativeArrayOf, parseAsString } from "nuqs";

/**
 * The events view's URL state. Keys are the `/api/events` parameter names,
 * so the page address and the API address of a view correspond.
 */
export const eventsSearchParams = {
  from: parseAsString,
  to: parseAsString,
  category: parseAsNativeArrayOf(parseAsString),
  eventName: parseAsNativeArrayOf(parseAsString),
  eventSource: parseAsNativeArrayOf(parseAsString),
  principal: parseAsNativeArrayOf(parseAsString),
  errorCode: parseAsNativeArrayOf(parseAsString),
  q: parseAsString,
  /** The open event (page only: not part of the data query). */
  event: parseAsString,
};

/** The filter part of the URL, as `/api/events` parameters. */
export function apiParamsFromUrl(search: URLSearchParams): URLSearchParams {
  const params = new URLSearchParams(search);
  params.delete("event");
  params.delete("tz");
  return params;
}
