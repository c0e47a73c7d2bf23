"use client";

import {
  type InfiniteData,
  keepPreviousData,
  useInfiniteQuery,
  useQueryClient,
} from "@tanstack/react-query";
import { useCallback, useState } from "react";
import type { EventsResponse } from "@/lib/query/events-response";
import { FIRST_PAGE_ROWS, PAGE_ROWS } from "@/lib/query/events-page";
import { fetchEvents, retryUnlessRefused } from "./fetch-events";

type Pages = InfiniteData<EventsResponse>;

/**
 * The view's events, page after page from `/api/events` (`apiKey`: its
 * parameters), asked again every second while the sources load the range.
 * What the table last showed stays on screen while another view loads, when
 * it fails, or when its request is cancelled (`stale` then says so); nothing
 * is asked while `enabled` is false (a view the server would refuse).
 */
export function useEventPages(apiKey: string, enabled = true) {
  const queryClient = useQueryClient();
  const query = useInfiniteQuery({
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
    enabled,
    placeholderData: keepPreviousData,
    // Comparing 100,000 old rows with the new ones on every page costs more than it saves.
    structuralSharing: false,
    // While the sources are still loading the range, ask again every second.
    refetchInterval: (q) => (q.state.data?.pages[0]?.complete === false ? 1000 : false),
    retry: retryUnlessRefused,
  });

  // The last view that answered: shown, marked stale, when this one cannot be.
  const [lastGood, setLastGood] = useState<Pages | null>(null);
  const current = query.isPlaceholderData ? undefined : query.data;
  // Kept as it renders (React's "storing information from previous renders").
  if (current && current !== lastGood) setLastGood(current);

  const [cancelledKey, setCancelledKey] = useState<string | null>(null);
  const cancelled = cancelledKey === apiKey && !current;
  /** Stops asking for this view; the table keeps what it showed before. */
  const cancel = useCallback(() => {
    setCancelledKey(apiKey);
    void queryClient.cancelQueries({ queryKey: ["events", apiKey] });
  }, [queryClient, apiKey]);
  const { refetch } = query;
  const retry = useCallback(() => {
    setCancelledKey(null);
    void refetch();
  }, [refetch]);

  return {
    /** This view's pages, or else the last shown (`stale`). */
    data: current ?? (query.isPlaceholderData ? query.data : undefined) ?? lastGood ?? undefined,
    stale: !current,
    /** This view's first page is being asked for (it can be cancelled). */
    loading: enabled && !current && !cancelled && query.fetchStatus === "fetching",
    cancelled,
    error: current ? null : query.error,
    cancel,
    retry,
    hasNextPage: current ? query.hasNextPage : false,
    isFetchingNextPage: query.isFetchingNextPage,
    fetchNextPage: query.fetchNextPage,
    refetch: query.refetch,
  };
}
