import type { EventFilter } from "../../query/event-query";

/**
 * What a LookupEvents read needs to cover for a filter. Event history is read
 * at 2 calls per second, so a filter it can apply itself saves most of the
 * calls: the categories the filter excludes are not read at all, and the most
 * selective attribute LookupEvents supports is sent with the calls (only one
 * is allowed per call). Every other condition is applied by the store.
 */

/** What LookupEvents reads apart: management events, and Insights events (`EventCategory=insight`). */
export type LookupCategory = "management" | "insight";

/**
 * Most selective first, by what each names: one event; one key; one resource;
 * one identity; one API; a kind of resource; a whole service; half of all calls.
 */
const LOOKUP_ATTRIBUTE_KEYS = [
  "EventId",
  "AccessKeyId",
  "ResourceName",
  "Username",
  "EventName",
  "ResourceType",
  "EventSource",
  "ReadOnly",
] as const;
export type LookupAttributeKey = (typeof LOOKUP_ATTRIBUTE_KEYS)[number];

/** The only attributes LookupEvents accepts with `EventCategory=insight`. */
const INSIGHT_ATTRIBUTE_KEYS = new Set<LookupAttributeKey>(["EventId", "EventName", "EventSource"]);

export interface LookupAttribute {
  key: LookupAttributeKey;
  value: string;
}

export interface LookupScope {
  /** Categories to read; none when the filter shows neither management nor Insights events. */
  categories: LookupCategory[];
  /** Sent with management calls. */
  attribute: LookupAttribute | null;
  /** Sent with Insights calls. */
  insightAttribute: LookupAttribute | null;
}

/** The filter fields LookupEvents can apply (more come with the analyst filters). */
type LookupFilter = Partial<
  Pick<
    EventFilter,
    "category" | "eventName" | "eventSource" | "accessKeyId" | "readOnly" | "exclude"
  > & { eventId: string[] }
>;

/** Included values only: an exclusion cannot be sent (the API only selects). */
const FIELD_OF: Partial<
  Record<LookupAttributeKey, "eventId" | "eventName" | "eventSource" | "accessKeyId">
> = {
  EventId: "eventId",
  AccessKeyId: "accessKeyId",
  EventName: "eventName",
  EventSource: "eventSource",
};

export function lookupScopeOf(filter: LookupFilter = {}): LookupScope {
  const shown = new Set(filter.category ?? []);
  const hidden = new Set(filter.exclude?.category ?? []);
  const categories = (["management", "insight"] as const).filter((c) => {
    const name = c === "management" ? "Management" : "Insight";
    return (shown.size === 0 || shown.has(name)) && !hidden.has(name);
  });
  // A field with several values is an OR the API cannot express in one call.
  const candidates: LookupAttribute[] = [];
  for (const key of LOOKUP_ATTRIBUTE_KEYS) {
    const field = FIELD_OF[key];
    const values = field ? filter[field] : undefined;
    if (Array.isArray(values) && values.length === 1) candidates.push({ key, value: values[0]! });
    if (key === "ReadOnly" && typeof filter.readOnly === "boolean") {
      candidates.push({ key, value: String(filter.readOnly) });
    }
  }
  return {
    categories,
    attribute: candidates[0] ?? null,
    insightAttribute: candidates.find((a) => INSIGHT_ATTRIBUTE_KEYS.has(a.key)) ?? null,
  };
}

/** A stable name for a scope: loads of different scopes are planned and run apart. */
export function lookupScopeKey(scope: LookupScope): string {
  const part = (category: LookupCategory) => {
    if (!scope.categories.includes(category)) return "";
    const attribute = category === "management" ? scope.attribute : scope.insightAttribute;
    return attribute ? `${category}?${attributeQuery(attribute)}` : category;
  };
  return [part("management"), part("insight")].filter(Boolean).join("+") || "none";
}

/** `EventName=ConsoleLogin`, as it appears in window keys. */
export function attributeQuery(attribute: LookupAttribute): string {
  return `${attribute.key}=${encodeURIComponent(attribute.value)}`;
}
