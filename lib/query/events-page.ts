/**
 * What the events page asks of the API (components/events), in one place so
 * that the load test (bench/load-test.ts) asks exactly the same.
 */

/** Rows of a view's first `/api/events` request: a few screens, so a view opens fast. */
export const FIRST_PAGE_ROWS = 200;
/** Rows per `/api/events` request while scrolling. */
export const PAGE_ROWS = 1000;

/** Values shown per facet. */
export const FACET_TOP = 8;
