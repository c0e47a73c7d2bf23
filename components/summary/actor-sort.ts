"use client";

import { parseAsString, useQueryState } from "nuqs";
import type { SummaryActor } from "@/lib/query/summary-response";

/** Columns the actors table sorts by (client side: one row per actor). */
export const ACTOR_SORTS = [
  "actor",
  "events",
  "changes",
  "errors",
  "denied",
  "console",
  "lastSeen",
] as const;
export type ActorSort = (typeof ACTOR_SORTS)[number];

export function sortActors(
  actors: SummaryActor[],
  by: ActorSort,
  descending: boolean,
): SummaryActor[] {
  const value = (a: SummaryActor): string | number => a[by];
  return [...actors].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    const order = va < vb ? -1 : va > vb ? 1 : a.actor < b.actor ? -1 : 1;
    return descending ? -order : order;
  });
}

/**
 * The actors tables' sort, in the URL as `by` (`-events`, the default, is
 * left out). Sorting by a new column starts descending, except by name.
 */
export function useActorSort(): {
  by: ActorSort;
  descending: boolean;
  sortBy: (key: ActorSort) => void;
} {
  const [byParam, setBy] = useQueryState("by", parseAsString.withOptions({ history: "replace" }));
  const descending = byParam ? byParam.startsWith("-") : true;
  const byName = (byParam ?? "-events").replace(/^-/, "");
  const by: ActorSort = (ACTOR_SORTS as readonly string[]).includes(byName)
    ? (byName as ActorSort)
    : "events";
  const sortBy = (key: ActorSort) => {
    const nextDescending = key === by ? !descending : key !== "actor";
    const next = `${nextDescending ? "-" : ""}${key}`;
    void setBy(next === "-events" ? null : next);
  };
  return { by, descending, sortBy };
}
