"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { FIRST_PAGE_ROWS, PAGE_ROWS } from "@/lib/query/events-page";
import { fetchEvents, retryUnlessRefused } from "./fetch-events";

/**
 * The view's events, page after page from `/api/events` (`apiKey`: its
 * parameters), asked again every second while the sources load the range.
 */
export function useEventPages(apiKey: string) {
  return useInfiniteQuery({
    queryKey: ["events", apiKey],
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams(apiKey);
      params.set("limit", String(pageParam === null ? FIRST_PAGE_ROWS : PAGE_ROWS));
      // Records are fetched when a row opens: 100,000 rows stay light in the browser.
      params.set("raw", "0");
      return fetchEvents(params, pageParam, signal);
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    // Comparing 100,000 old rows with the new ones on every page costs more than it saves.
    structuralSharing: false,
    // While the sources are still loading the range, ask again every second.
    refetchInterval: (query) => (query.state.data?.pages[0]?.complete === false ? 1000 : false),
    retry: retryUnlessRefused,
  });
}
