import type { AccountId, Region } from "./config";
import { hashString, type Rng } from "./prng";
import { iso } from "./time";
import type { ErrorPair, GeneratedEvent, Json, JsonObject } from "./types";

export type Category = "Management" | "Data" | "NetworkActivity" | "Insight";

/** Everything a record needs; optional members are left out of the record when undefined. */
export interface RecordSpec {
  version?: string;
  identity: JsonObject | undefined;
  timeMs: number;
  eventSource: string;
  eventName: string;
  region: Region;
  sourceIp?: string;
  userAgent?: string;
  error?: ErrorPair;
  req?: JsonObject | null;
  resp?: Json;
  additional?: JsonObject;
  /** A request id; `null` leaves it out, undefined draws a UUID. */
  requestId?: string | null;
  /** `null` leaves the eventID out (very old records). */
  eventId?: string | null;
  readOnly?: boolean;
  resources?: JsonObject[];
  eventType?: string;
  apiVersion?: string;
  managementEvent?: boolean;
  recipient: AccountId;
  sharedEventId?: string;
  vpce?: { id: string; account: string };
  serviceEventDetails?: JsonObject;
  /** undefined leaves eventCategory out (records older than 1.07). */
  category?: Category;
  tlsHost?: string;
  fromConsole?: boolean;
}

const VERSIONS: Record<Category, readonly string[]> = {
  Management: ["1.08", "1.09", "1.09", "1.10", "1.10", "1.11"],
  Data: ["1.09", "1.10", "1.10", "1.11"],
  NetworkActivity: ["1.09", "1.10"],
  Insight: ["1.08"],
};

/** A stable eventVersion per event source and category, as each service moves at its own pace. */
function versionFor(category: Category, eventSource: string): string {
  const list = VERSIONS[category];
  return list[hashString(`${category}:${eventSource}`) % list.length] ?? "1.09";
}

function tlsDetails(rng: Rng, host: string): JsonObject {
  const v13 = rng.chance(0.75);
  return {
    tlsVersion: v13 ? "TLSv1.3" : "TLSv1.2",
    cipherSuite: v13 ? "TLS_AES_128_GCM_SHA256" : "ECDHE-RSA-AES128-GCM-SHA256",
    clientProvidedHostHeader: host,
  };
}

/** Assembles a record with CloudTrail's member order. */
export function buildRecord(rng: Rng, s: RecordSpec): JsonObject {
  const category = s.category;
  return {
    eventVersion: s.version ?? versionFor(category ?? "Management", s.eventSource),
    userIdentity: s.identity,
    eventTime: iso(s.timeMs),
    eventSource: s.eventSource,
    eventName: s.eventName,
    awsRegion: s.region,
    sourceIPAddress: s.sourceIp,
    userAgent: s.userAgent,
    errorCode: s.error?.code,
    errorMessage: s.error?.message,
    requestParameters: s.req,
    responseElements: s.resp,
    additionalEventData: s.additional,
    requestID: s.requestId === null ? undefined : (s.requestId ?? rng.uuid()),
    eventID: s.eventId === null ? undefined : (s.eventId ?? rng.uuid()),
    readOnly: s.readOnly,
    resources: s.resources,
    eventType: s.eventType ?? "AwsApiCall",
    apiVersion: s.apiVersion,
    managementEvent: s.managementEvent,
    recipientAccountId: s.recipient,
    sharedEventID: s.sharedEventId,
    vpcEndpointId: s.vpce?.id,
    vpcEndpointAccountId: s.vpce?.account,
    serviceEventDetails: s.serviceEventDetails,
    eventCategory: category,
    tlsDetails: s.tlsHost ? tlsDetails(rng, s.tlsHost) : undefined,
    sessionCredentialFromConsole: s.fromConsole ? "true" : undefined,
  };
}

export function toEvent(
  record: JsonObject,
  s: Pick<RecordSpec, "recipient" | "region" | "timeMs">,
): GeneratedEvent {
  return { record, account: s.recipient, region: s.region, timeMs: s.timeMs, insight: false };
}

/** Builds a management record and wraps it for delivery. */
export function managementEvent(
  rng: Rng,
  s: Omit<RecordSpec, "category" | "managementEvent">,
): GeneratedEvent {
  const spec: RecordSpec = { ...s, category: "Management", managementEvent: true };
  return toEvent(buildRecord(rng, spec), spec);
}
