import type { EventOrigin } from "@/lib/cloudtrail/event-schema";

/** How each kind of source is called on screen. */
export const ORIGIN_LABEL: Record<EventOrigin["kind"], string> = {
  lookup: "Event history",
  s3: "Trail bucket",
  local: "Local file",
};

/** The kinds an event was read from, in the order badges show them. */
export function badgeOrder(kinds: EventOrigin["kind"][]): EventOrigin["kind"][] {
  return (["lookup", "s3", "local"] as const).filter((k) => kinds.includes(k));
}
