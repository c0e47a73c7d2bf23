import type { EventOrigin } from "@/lib/cloudtrail/event-schema";

/** How each kind of source is called on screen. */
export const ORIGIN_LABEL: Record<EventOrigin["kind"], string> = {
  lookup: "Event history",
  s3: "Trail bucket",
  local: "Local file",
};

/** The distinct kinds an event was read from, in a fixed order. */
export function originKinds(origins: EventOrigin[]): EventOrigin["kind"][] {
  const kinds = new Set(origins.map((o) => o.kind));
  return (["lookup", "s3", "local"] as const).filter((k) => kinds.has(k));
}
