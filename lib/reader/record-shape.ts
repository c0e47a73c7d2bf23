import type { RawRecord } from "@/lib/cloudtrail/event-schema";
import { eventTimeMillis } from "@/lib/cloudtrail/normalize";
import { isDigestObject } from "./digest";
import { errorMessage } from "./source";

/**
 * What one item of a trail file is: a CloudTrail record (given directly, inside a
 * LookupEvents item's `CloudTrailEvent` string, or inside an EventBridge envelope's
 * `detail`), a digest, or a problem. Records are passed on untouched.
 */
export type ItemOutcome =
  | { kind: "record"; record: RawRecord; via: "record" | "lookup-events" | "eventbridge" }
  | { kind: "digest" }
  | {
      kind: "problem";
      problem: "missing-event-time" | "invalid-record";
      message: string;
      /** False when nothing about the item looks like CloudTrail (an unknown shape). */
      recognized: boolean;
    };

/** Fields of which at least one is in every CloudTrail record, old or new. */
const CLOUDTRAIL_FIELDS = [
  "eventVersion",
  "eventName",
  "eventSource",
  "eventID",
  "userIdentity",
  "awsRegion",
  "eventType",
  "requestParameters",
];

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function describeJsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return "a string";
  return `a ${typeof value}`;
}

export function describeKeys(value: Record<string, unknown>): string {
  const keys = Object.keys(value);
  if (keys.length === 0) return "no keys";
  const shown = keys.slice(0, 6).join(", ");
  return `keys ${shown}${keys.length > 6 ? `, ... (${keys.length} keys)` : ""}`;
}

function hasValidEventTime(value: Record<string, unknown>): boolean {
  return eventTimeMillis(value.eventTime) !== null;
}

/**
 * True when `value` nests objects and arrays more than `levels` deep (a record is level 1).
 * JSON.parse takes any depth, but JSON.stringify, hashing and the browser's JSON tree
 * recurse: a record 100,000 levels deep would overflow their stacks.
 */
export function nestedDeeperThan(value: unknown, levels: number): boolean {
  if (typeof value !== "object" || value === null) return false;
  if (levels === 0) return true;
  if (Array.isArray(value)) {
    for (const item of value) if (nestedDeeperThan(item, levels - 1)) return true;
    return false;
  }
  for (const key in value) {
    if (nestedDeeperThan((value as Record<string, unknown>)[key], levels - 1)) return true;
  }
  return false;
}

function invalid(message: string, recognized = true): ItemOutcome {
  return { kind: "problem", problem: "invalid-record", message, recognized };
}

/** A record must be an object with an eventTime string that Date.parse understands. */
function checkRecord(
  value: unknown,
  label: string,
  via: "record" | "lookup-events" | "eventbridge",
): ItemOutcome {
  if (!isJsonObject(value)) {
    return invalid(`${label} is ${describeJsonType(value)}, not a JSON object`, via !== "record");
  }
  if (hasValidEventTime(value)) return { kind: "record", record: value, via };
  if ("eventTime" in value) {
    const shown = String(JSON.stringify(value.eventTime)).slice(0, 60);
    return {
      kind: "problem",
      problem: "missing-event-time",
      message: `${label} has an eventTime that is not a date of the years 1970 to 9999 (${shown}); skipped`,
      recognized: true,
    };
  }
  if (via !== "record" || CLOUDTRAIL_FIELDS.some((field) => field in value)) {
    return {
      kind: "problem",
      problem: "missing-event-time",
      message: `${label} has no eventTime; skipped`,
      recognized: true,
    };
  }
  return invalid(
    `${label} is not a CloudTrail record (no eventTime; ${describeKeys(value)})`,
    false,
  );
}

function fromLookupItem(item: Record<string, unknown>, label: string): ItemOutcome {
  const event = item.CloudTrailEvent;
  const where = `${label} (LookupEvents item${typeof item.EventId === "string" ? ` ${item.EventId}` : ""})`;
  if (isJsonObject(event)) return checkRecord(event, where, "lookup-events");
  if (typeof event !== "string") {
    return invalid(
      `${where}: its CloudTrailEvent is ${describeJsonType(event)}, not a JSON string`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(event);
  } catch (error) {
    return invalid(
      `${where}: its CloudTrailEvent string is not valid JSON (${errorMessage(error)})`,
    );
  }
  return checkRecord(parsed, where, "lookup-events");
}

function fromEventBridge(envelope: Record<string, unknown>, label: string): ItemOutcome {
  const type = envelope["detail-type"];
  const where = `${label} (EventBridge event "${String(type)}")`;
  const detail = envelope.detail;
  if (!isJsonObject(detail))
    return invalid(`${where}: its detail is ${describeJsonType(detail)}, not a record`);
  return checkRecord(detail, where, "eventbridge");
}

/** Classifies one parsed item. `label` names it in messages, e.g. "record 12". */
export function classifyItem(value: unknown, label: string): ItemOutcome {
  if (!isJsonObject(value)) return checkRecord(value, label, "record");
  if (hasValidEventTime(value)) return { kind: "record", record: value, via: "record" };
  if ("CloudTrailEvent" in value) return fromLookupItem(value, label);
  if (typeof value["detail-type"] === "string" && "detail" in value)
    return fromEventBridge(value, label);
  if (isDigestObject(value)) return { kind: "digest" };
  if (Array.isArray(value.Records) || Array.isArray(value.Events)) {
    return invalid(
      `${label} is a whole {"Records"/"Events": [...]} file nested inside another; nested files are not read`,
    );
  }
  return checkRecord(value, label, "record");
}
