import type { EventRow } from "@/lib/cloudtrail/event-schema";
import { formatUtc } from "./format";

/** Characters of an event ID kept in a title: enough to tell it apart in a tab. */
const ID_CHARS = 12;

/**
 * A permalink page's title, naming the event: what, who and when
 * (`CreateUser by ci-deploy, 2026-11-04 02:31:05 UTC`); an event not read
 * yet is named by its ID.
 */
export function eventPageTitle(
  event: Pick<EventRow, "eventName" | "category" | "actor" | "time"> | null,
  id: string,
): string {
  if (!event) {
    const short = id.length > ID_CHARS ? `${id.slice(0, ID_CHARS)}…` : id;
    return `Event ${short}`;
  }
  return `${event.eventName || event.category} by ${event.actor}, ${formatUtc(event.time)} UTC`;
}
