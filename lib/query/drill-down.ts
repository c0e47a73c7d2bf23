/**
 * Links from a summary into the events table: the view's own filter plus what
 * was clicked. Pure, so the page and the tests build the same URLs.
 */

/** Parameters of a view that are not part of its filter (display, paging, the summary's own). */
const NOT_FILTERS = ["event", "sort", "by", "limit", "cursor", "wait", "confirm", "raw", "format"];

/**
 * The filter of one actor of the summary: its name and type, and its account
 * when it belongs to one (a role named `deploy` in two accounts is two actors).
 */
export function actorFilter(actor: {
  actor: string;
  actorType: string;
  actorAccount: string | null;
}): Record<string, string[]> {
  return {
    actor: [actor.actor],
    actorType: [actor.actorType],
    ...(actor.actorAccount ? { actorAccount: [actor.actorAccount] } : {}),
  };
}

/**
 * `/?<view filter>&<extra>`: each key of `extra` replaces the view's values of
 * that key (an actor clicked inside a view of three actors shows that one).
 */
export function drillDownHref(
  view: URLSearchParams,
  extra: Record<string, readonly string[]>,
  path = "/",
): string {
  const params = new URLSearchParams(view);
  for (const key of NOT_FILTERS) params.delete(key);
  for (const [key, values] of Object.entries(extra)) {
    params.delete(key);
    for (const value of values) params.append(key, value);
  }
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}
