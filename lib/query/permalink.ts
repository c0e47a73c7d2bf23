import { z } from "zod";
import {
  type EventListRow,
  type EventRow,
  MAX_EVENT_ID_CHARS,
  ORIGIN_KINDS,
} from "../cloudtrail/event-schema";
import { isoInstantSchema, type ParseResult } from "./view-params";

/**
 * Event permalinks: `/events/<eventId>?time=…&account=…&region=…&origin=…`.
 * The hints let a server that has never loaded the event find it by reading
 * only the trail partition it lies in, then Event history by event ID.
 */

/** Whether a URL's event id is worth looking up: as long as a stored id may be (no longer). */
export function isEventIdParam(id: string | undefined): id is string {
  return id !== undefined && id.length > 0 && id.length <= MAX_EVENT_ID_CHARS;
}

export const permalinkHintsSchema = z
  .object({
    time: isoInstantSchema.optional(),
    account: z
      .string()
      .regex(/^\d{12}$/, "must be a 12-digit account ID")
      .optional(),
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, "must be a Region such as us-east-1")
      .optional(),
    origin: z.enum(ORIGIN_KINDS).optional(),
  })
  .strict();
export type PermalinkHints = z.infer<typeof permalinkHintsSchema>;

export function parsePermalinkHints(params: URLSearchParams): ParseResult<PermalinkHints> {
  const parsed = permalinkHintsSchema.safeParse(Object.fromEntries(params));
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    errors: parsed.error.issues.map((i) =>
      i.path.length > 0 ? `"${i.path.join(".")}" ${i.message}` : i.message,
    ),
  };
}

/** The path of an event's permalink (a whole event or a list row), with the hints that find it again. */
export function permalinkPath(
  event: Pick<EventRow, "id" | "time" | "account" | "region"> &
    (Pick<EventRow, "origins"> | Pick<EventListRow, "originKinds">),
): string {
  const params = new URLSearchParams({ time: event.time });
  if (event.account) params.set("account", event.account);
  if (event.region) params.set("region", event.region);
  // Both list origins by kind first, so both give the same hint.
  const kind = "originKinds" in event ? event.originKinds[0] : event.origins[0]?.kind;
  if (kind) params.set("origin", kind);
  return `/events/${encodeURIComponent(event.id)}?${params.toString()}`;
}
