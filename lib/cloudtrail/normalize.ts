import { isKnownDataEvent } from "./data-event-names";
import { createHash } from "node:crypto";
import type {
  EventCategory,
  EventOrigin,
  EventResource,
  EventRow,
  RawRecord,
} from "./event-schema";
import { actorOf, arnResource, principalName, type PrincipalContext } from "./identity";

/**
 * Raw CloudTrail record -> the one normalized row. Pure apart from hashing.
 * Accepts every eventVersion (1.0 to 1.11 today) and ignores unknown fields:
 * everything it does not understand stays in `raw`.
 */

type Json = Record<string, unknown>;

export class InvalidRecordError extends Error {}

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

/** The eventID, or for old records without one a deterministic hash of the record. */
export function eventIdOf(record: Json): string {
  const id = str(record.eventID);
  if (id) return id;
  return `h-${createHash("sha256").update(canonicalJson(record)).digest("hex").slice(0, 32)}`;
}

export function resourceLabel(arn: string | null, type: string | null): string {
  if (arn) return arnResource(arn) ?? arn;
  return type ?? "";
}

function resourcesOf(record: Json): EventResource[] {
  const list = Array.isArray(record.resources) ? record.resources : [];
  const out: EventResource[] = [];
  for (const item of list) {
    const r = obj(item);
    if (!r) continue;
    const arn = str(r.ARN) ?? str(r.arn);
    const type = str(r.type);
    const accountId = str(r.accountId) ?? str(r.accountid);
    out.push({ arn, type, accountId, label: resourceLabel(arn, type) });
  }
  if (out.length > 0) return out;
  // Management events often name their target only in requestParameters.
  const params = obj(record.requestParameters);
  const bucket = str(params?.bucketName);
  if (bucket) {
    const key = str(params?.key);
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

/** Console sign-ins report failure in responseElements, not in errorCode. */
function errorCodeOf(record: Json): string | null {
  const code = str(record.errorCode);
  if (code) return code;
  const response = obj(record.responseElements);
  if (response) {
    for (const key of ["ConsoleLogin", "SwitchRole", "CheckMfa", "ExternalIdPDirectoryLogin"]) {
      if (response[key] === "Failure") return "Failure";
    }
  }
  return null;
}

export function normalizeRecord(record: RawRecord, origin: EventOrigin): EventRow {
  const millis = typeof record.eventTime === "string" ? Date.parse(record.eventTime) : NaN;
  if (Number.isNaN(millis)) {
    throw new InvalidRecordError("record has no parseable eventTime");
  }
  const identity = obj(record.userIdentity);
  // Insights records name the API they watched only inside insightDetails.
  const insight = obj(record.insightDetails);
  const eventSource = str(record.eventSource) ?? str(insight?.eventSource) ?? "";
  const eventType = str(record.eventType);
  const sourceIp = str(record.sourceIPAddress);
  const principalContext: PrincipalContext = {
    identity,
    eventSource: eventSource || null,
    eventType,
    sourceIp,
    additionalEventData: obj(record.additionalEventData),
  };
  const principal = principalName(principalContext);
  const { actor, actorType } = actorOf(principalContext, principal);
  return {
    id: eventIdOf(record),
    time: new Date(millis).toISOString(),
    category: inferCategory(record),
    eventName: str(record.eventName) ?? str(insight?.eventName) ?? "",
    eventSource,
    service: serviceOf(eventSource),
    eventType,
    eventVersion: str(record.eventVersion),
    principal,
    principalType: str(identity?.type),
    actor,
    actorType,
    principalArn: str(identity?.arn),
    accessKeyId: str(identity?.accessKeyId),
    account: str(record.recipientAccountId) ?? str(identity?.accountId),
    region: str(record.awsRegion),
    sourceIp,
    userAgent: str(record.userAgent),
    readOnly: readOnlyOf(record.readOnly),
    errorCode: errorCodeOf(record),
    errorMessage: str(record.errorMessage),
    requestId: str(record.requestID),
    sharedEventId: str(record.sharedEventID),
    resources: resourcesOf(record),
    origins: [origin],
    raw: record,
  };
}
