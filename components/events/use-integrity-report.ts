"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { fetchIntegrity, retryUnlessRefused } from "./fetch-events";

/**
 * What digest validation says about the view (`filterKey`: its filter's
 * parameters, viewFilterParams), asked again every 2 s until the range is
 * read. The previous view's answer stays while the next one is asked.
 */
export function useIntegrityReport(filterKey: string) {
  return useQuery({
    queryKey: ["integrity", filterKey],
    queryFn: ({ signal }) => fetchIntegrity(new URLSearchParams(filterKey), signal),
    placeholderData: keepPreviousData,
    refetchInterval: (query) => (query.state.data?.complete === false ? 2000 : false),
    retry: retryUnlessRefused,
  });
}
