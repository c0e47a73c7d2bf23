import { isKnownDataEvent } from "./data-event-names";
import { createHash } from "node:crypto";
import {
  type EventCategory,
  type EventOrigin,
  type EventResource,
  type EventRow,
  MAX_EVENT_ID_CHARS,
  type RawRecord,
} from "./event-schema";
import {
  actorOf,
  arnResource,
  callerAccountOf,
  principalName,
  type PrincipalContext,
} from "./identity";

/**
 * Raw CloudTrail record -> the one normalized row. Pure apart from hashing.
 * Accepts every eventVersion (1.0 to 1.11 today) and ignores unknown fields:
 * everything it does not understand stays in `raw`.
 */

type Json = Record<string, unknown>;

/** A record that cannot be an event; the message completes "record N ...". */
export class InvalidRecordError extends Error {}

/** Event times outside these years are not dates a trail can hold (and break ISO 8601). */
const FIRST_EVENT_MS = Date.UTC(1970, 0, 1);
const LAST_EVENT_MS = Date.UTC(10000, 0, 1) - 1;

/**
 * An eventTime as epoch milliseconds, or null when it is not a date string of the years
 * 1970 to 9999 (Date.parse also takes `+275760-09-13...` and negative years).
 */
export function eventTimeMillis(value: unknown): number | null {
  if (typeof value !== "string") return null;
  const millis = Date.parse(value);
  return millis >= FIRST_EVENT_MS && millis <= LAST_EVENT_MS ? millis : null;
}

function str(value: unknown): string | null {
  return typeof value === "string" && value.length > 0 ? value : null;
}

function obj(value: unknown): Json | null {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Json)
    : null;
}

const CATEGORY_BY_LOWER: Record<string, EventCategory> = {
  management: "Management",
  data: "Data",
  insight: "Insight",
  networkactivity: "NetworkActivity",
};

export function inferCategory(record: Json): EventCategory {
  const declared = str(record.eventCategory);
  const known = declared ? CATEGORY_BY_LOWER[declared.toLowerCase()] : undefined;
  if (known) return known;
  const eventType = str(record.eventType);
  if (eventType === "AwsCloudTrailInsight" || obj(record.insightDetails)) return "Insight";
  if (eventType === "AwsVpceEvent") return "NetworkActivity";
  if (record.managementEvent === false || record.managementEvent === "false") return "Data";
  // Records too old to carry `managementEvent` are told apart by their API.
  if (
    record.managementEvent === undefined &&
    isKnownDataEvent(str(record.eventSource) ?? undefined, str(record.eventName) ?? undefined)
  )
    return "Data";
  return "Management";
}

/** `s3.amazonaws.com` -> `s3`; `ec2.us-east-1.amazonaws.com`-style hosts -> `ec2`. */
export function serviceOf(eventSource: string): string {
  if (!eventSource) return "";
  const dot = eventSource.indexOf(".");
  return dot > 0 ? eventSource.slice(0, dot) : eventSource;
}

function readOnlyOf(value: unknown): boolean | null {
  if (value === true || value === "true") return true;
  if (value === false || value === "false") return false;
  return null;
}

/** JSON with keys sorted at every depth, so equal records hash equally. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const o = obj(value);
  if (o) {
    const keys = Object.keys(o).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

const hash = (text: string) => createHash("sha256").update(text).digest("hex").slice(0, 32);

/**
 * The eventID, or for old records without one a deterministic hash of the record. An
 * eventID too long to be a key (a hostile one) becomes a hash of it: the same eventID
 * still gives the same id.
 */
export function eventIdOf(record: Json): string {
  const id = str(record.eventID);
  if (id) return id.length <= MAX_EVENT_ID_CHARS ? id : `h-${hash(id)}`;
  return `h-${hash(canonicalJson(record))}`;
}

/**
 * The longest text a column derived from a record holds; the record itself is kept whole.
 * Columns are what the table shows, filters compare and facets group: a 5 MB user agent
 * there would be copied by every query (and DuckDB's JSON functions need many times its
 * size in memory to store it).
 */
export const MAX_COLUMN_CHARS = 4_096;
/** Resources listed per event; the record keeps them all. */
export const MAX_RESOURCES = 100;

/** `text` cut to MAX_COLUMN_CHARS (never inside a surrogate pair), saying how much is left out. */
export function clipText(text: string): string {
  if (text.length <= MAX_COLUMN_CHARS) return text;
  let end = MAX_COLUMN_CHARS;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}… (${text.length - end} more characters in the record)`;
}

function clipNullable(text: string | null): string | null {
  return text === null ? null : clipText(text);
}

function resourceLabel(arn: string | null, type: string | null): string {
  if (arn) return arnResource(arn) ?? arn;
  return type ?? "";
}

function resourcesOf(record: Json): EventResource[] {
  const list = Array.isArray(record.resources) ? record.resources : [];
  const out: EventResource[] = [];
  for (const item of list) {
    const r = obj(item);
    if (!r) continue;
    const type = clipNullable(str(r.type));
    const accountId = clipNullable(str(r.accountId) ?? str(r.accountid));
    const arn = clipNullable(str(r.ARN) ?? str(r.arn));
    // S3 names a listing's objects by their common prefix (ListObjects, HeadBucket...).
    const prefix = arn ? null : clipNullable(str(r.ARNPrefix) ?? str(r.arnPrefix));
    const label = prefix ? `${resourceLabel(prefix, type)}*` : resourceLabel(arn, type);
    out.push({ arn: arn ?? prefix, type, accountId, label });
    if (out.length === MAX_RESOURCES) break;
  }
  if (out.length > 0) return out;
  // Management events often name their target only in requestParameters.
  const params = obj(record.requestParameters);
  const bucket = clipNullable(str(params?.bucketName));
  if (bucket) {
    const key = clipNullable(str(params?.key));
    const arn = key ? `arn:aws:s3:::${bucket}/${key}` : `arn:aws:s3:::${bucket}`;
    out.push({
      arn,
      type: key ? "AWS::S3::Object" : "AWS::S3::Bucket",
      accountId: null,
      label: key ? `${bucket}/${key}` : bucket,
    });
  }
  return out;
}

/** Console sign-ins report failure in responseElements (`"ConsoleLogin": "Failure"`), not in errorCode. */
function signInFailedOf(record: Json): boolean {
  const response = obj(record.responseElements);
  if (!response) return false;
  for (const key of ["ConsoleLogin", "SwitchRole", "CheckMfa", "ExternalIdPDirectoryLogin"]) {
    if (response[key] === "Failure") return true;
  }
  return false;
}

/** `sessionContext.attributes.mfaAuthenticated`, which CloudTrail writes as the text "true" or "false". */
function mfaOf(identity: Json | null): "true" | "false" | null {
  const value = obj(obj(identity?.sessionContext)?.attributes)?.mfaAuthenticated;
  const text = typeof value === "boolean" ? String(value) : str(value)?.toLowerCase();
  return text === "true" || text === "false" ? text : null;
}

/** Actors that belong to one account: the same name in another account is someone else. */
const ACCOUNT_SCOPED = new Set<string>(["root", "iam-user", "role", "account"]);

export function normalizeRecord(record: RawRecord, origin: EventOrigin): EventRow {
  const millis = eventTimeMillis(record.eventTime);
  if (millis === null) {
    throw new InvalidRecordError("has no eventTime that is a date of the years 1970 to 9999");
  }
  const identity = obj(record.userIdentity);
  // Insights records name the API they watched only inside insightDetails.
  const insight = obj(record.insightDetails);
  const eventSource = clipText(str(record.eventSource) ?? str(insight?.eventSource) ?? "");
  const eventType = clipNullable(str(record.eventType));
  const sourceIp = clipNullable(str(record.sourceIPAddress));
  const principalContext: PrincipalContext = {
    identity,
    eventSource: eventSource || null,
    eventType,
    sourceIp,
    additionalEventData: obj(record.additionalEventData),
  };
  const principal = principalName(principalContext);
  const { actor, actorType } = actorOf(principalContext, principal);
  const callerAccount = clipNullable(callerAccountOf(principalContext));
  const text = (value: unknown) => clipNullable(str(value));
  return {
    id: eventIdOf(record),
    time: new Date(millis).toISOString(),
    category: inferCategory(record),
    eventName: clipText(str(record.eventName) ?? str(insight?.eventName) ?? ""),
    eventSource,
    service: serviceOf(eventSource),
    eventType,
    eventVersion: text(record.eventVersion),
    principal: clipText(principal),
    principalType: text(identity?.type),
    actor: clipText(actor),
    actorType,
    actorAccount: ACCOUNT_SCOPED.has(actorType) ? callerAccount : null,
    principalArn: text(identity?.arn),
    sessionIssuer: text(obj(obj(identity?.sessionContext)?.sessionIssuer)?.arn),
    mfa: mfaOf(identity),
    accessKeyId: text(identity?.accessKeyId),
    account: text(str(record.recipientAccountId) ?? identity?.accountId),
    callerAccount,
    region: text(record.awsRegion),
    sourceIp,
    userAgent: text(record.userAgent),
    readOnly: readOnlyOf(record.readOnly),
    errorCode: text(record.errorCode),
    signInFailed: signInFailedOf(record),
    errorMessage: text(record.errorMessage),
    requestId: text(record.requestID),
    sharedEventId: text(record.sharedEventID),
    vpcEndpointId: text(record.vpcEndpointId),
    resources: resourcesOf(record),
    origins: [origin],
    raw: record,
  };
}
