import { LEGACY_BOTO3_AGENT, IPS } from "./agents";
import { DEV, PROD, SPAN_FROM_MS } from "./config";
import { objectKey, s3Object } from "./data-events";
import { USERS } from "./directory";
import { iamUserIdentity } from "./identities";
import { inventory } from "./inventory";
import { Rng } from "./prng";
import { call, type Caller } from "./session";
import { DAY } from "./time";
import type { GeneratedEvent, JsonObject } from "./types";

/**
 * Records in the old 1.05 shape: no eventCategory, no managementEvent, no
 * tlsDetails, and two without an eventID, so readers must infer the category
 * and derive an id. (Real buckets collect these from old trails and exports.)
 */

const DROPPED = new Set([
  "eventCategory",
  "managementEvent",
  "tlsDetails",
  "sessionCredentialFromConsole",
  "apiVersion",
]);

function oldShape(record: JsonObject, keepEventId: boolean): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(record)) {
    if (DROPPED.has(key) || (key === "eventID" && !keepEventId)) continue;
    out[key] = key === "eventVersion" ? "1.05" : value;
  }
  return out;
}

const MANAGEMENT = [
  "ec2:DescribeInstances",
  "ec2:DescribeSecurityGroups",
  "iam:GetUser",
  "s3:ListBuckets",
  "s3:GetBucketLocation",
  "sts:GetCallerIdentity",
  "cloudformation:DescribeStacks",
  "kms:Decrypt",
] as const;

const LEGACY_COUNT = 50;
const LEGACY_WITHOUT_EVENT_ID = 2;

export function legacyRecords(): GeneratedEvent[] {
  const rng = Rng.stream("legacy");
  const reporting = USERS.legacyReporting;
  const caller: Caller = {
    identity: iamUserIdentity(reporting, reporting.accessKeyId),
    arn: reporting.arn,
    account: PROD,
    sourceIp: IPS.reportingServer,
    agent: () => LEGACY_BOTO3_AGENT,
    tls: false,
    errorRate: 0.03,
  };
  const devCaller: Caller = {
    ...caller,
    identity: iamUserIdentity(USERS.marcus, USERS.marcus.accessKeyId),
    arn: USERS.marcus.arn,
    account: DEV,
  };
  const reports = inventory(PROD).buckets.find((b) => b.name === "acme-prod-reports-eu");
  const out: GeneratedEvent[] = [];
  for (let i = 0; i < LEGACY_COUNT; i++) {
    const t = SPAN_FROM_MS + Math.floor(rng.next() * 5 * DAY);
    const who = i % 5 === 4 ? devCaller : caller;
    const event =
      i % 4 === 3 && reports
        ? s3Object(rng, caller, "GetObject", reports, objectKey(rng, reports, t), t)
        : call(rng, who, rng.pick(MANAGEMENT), t, "us-east-1");
    out.push({ ...event, record: oldShape(event.record, i >= LEGACY_WITHOUT_EVENT_ID) });
  }
  return out;
}
