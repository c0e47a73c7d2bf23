import { z } from "zod";
import { countCallers } from "./caller-counts";
import type { TrailFile } from "./deliver";
import type { JsonObject } from "./types";

/** The manifest written next to the sample trail: what it holds, counted from the files. */

const count = z.number().int().nonnegative();
const instant = z.iso.datetime();

export const sampleManifestSchema = z.object({
  generatorVersion: z.string().min(1),
  span: z.object({ from: instant, to: instant }),
  organizationId: z.string().regex(/^o-[a-z0-9]{10,32}$/),
  trail: z.object({ name: z.string(), homeRegion: z.string(), bucket: z.string() }),
  accounts: z.array(z.object({ id: z.string().regex(/^\d{12}$/), name: z.string() })),
  regions: z.array(z.string()),
  files: z.object({ events: count, insights: count, digests: count }),
  /** Records written to event and Insights files, duplicates included. */
  records: count,
  /** Distinct eventIDs, plus each record without an eventID. */
  distinctEvents: count,
  /** Records delivered a second time (same eventID and content). */
  duplicateRecords: count,
  /** Distinct events per category; records without eventCategory are counted under the inferred one. */
  byCategory: z.object({ Management: count, Data: count, Insight: count, NetworkActivity: count }),
  /** Distinct events per userIdentity.type; "(none)" for records without one (Insights, some service events). */
  byIdentityType: z.record(z.string(), count),
  recordsWithoutEventId: count,
  recordsWithoutCategory: count,
  /** Records (duplicates included) whose file's folder date is later than their eventTime's date. */
  deliveredNextDay: count,
  /**
   * Distinct events whose caller belongs to another account than the one that logged them:
   * userIdentity.accountId (else the account of its ARN) is not the recipientAccountId.
   */
  crossAccountEvents: count,
  /** Of the cross-account events, those made by a role session (userIdentity.type AssumedRole). */
  crossAccountRoleEvents: count,
  /** Distinct events of FederatedUser sessions (credentials from sts:GetFederationToken). */
  federatedUserEvents: count,
  /**
   * Distinct events of callers CloudTrail cannot name, by kind: "anonymous" (unsigned),
   * "unauthenticated Cognito" (userIdentity type Unknown on cognito-identity), "failed sign-in"
   * (a console sign-in to a user name that does not exist).
   */
  unknownCallerEvents: z.object({
    anonymous: count,
    "unauthenticated Cognito": count,
    "failed sign-in": count,
  }),
  /** Distinct failed console sign-ins (`"ConsoleLogin": "Failure"`; they have no errorCode). */
  failedSignIns: count,
  /**
   * Role names whose sessions call in two or more accounts, each in the role's own account
   * (sessionIssuer.accountId = recipientAccountId): the same name, different roles.
   */
  sameNamedRoles: z.record(z.string(), z.array(z.string().regex(/^\d{12}$/))),
  /** Distinct events naming a resource by `ARNPrefix` (S3 ListObjects). */
  arnPrefixEvents: count,
  /** The account and Region covered by the digest chain, and the hours it spans. */
  digestCoverage: z.object({
    account: z.string(),
    region: z.string(),
    from: instant,
    to: instant,
    /** Log files the digests list. */
    logFiles: count,
    /** Keys of the log files changed after their digest was written: their hash no longer matches. */
    modifiedFiles: z.array(z.string()),
    /** Fingerprint (hex MD5 of the DER key) of the public key the digests are signed with. */
    fingerprint: z.string().regex(/^[0-9a-f]{32}$/),
  }),
  incident: z.object({
    description: z.string(),
    account: z.string(),
    userName: z.string(),
    accessKeyId: z.string(),
    sourceIp: z.string(),
    window: z.object({ from: instant, to: instant }),
    bucket: z.string(),
    createdUser: z.string(),
    createdAccessKeyId: z.string(),
    /** The federated user (GetFederationToken) the leaked key mints. */
    federatedUser: z.string(),
    hostileUserAgentEventId: z.string().min(1),
    formulaPayloadEventId: z.string().min(1),
  }),
});

export type SampleManifest = z.infer<typeof sampleManifestSchema>;
export type ManifestCounts = Pick<
  SampleManifest,
  | "files"
  | "records"
  | "distinctEvents"
  | "duplicateRecords"
  | "byCategory"
  | "byIdentityType"
  | "recordsWithoutEventId"
  | "recordsWithoutCategory"
  | "deliveredNextDay"
  | "crossAccountEvents"
  | "crossAccountRoleEvents"
  | "federatedUserEvents"
  | "unknownCallerEvents"
  | "failedSignIns"
  | "sameNamedRoles"
  | "arnPrefixEvents"
>;

export type Category = keyof SampleManifest["byCategory"];

/** Data events of the sample, for records too old to say so. */
const DATA_EVENT_NAMES: ReadonlySet<string> = new Set([
  "s3.amazonaws.com:GetObject",
  "s3.amazonaws.com:PutObject",
  "s3.amazonaws.com:DeleteObject",
  "s3.amazonaws.com:ListObjects",
  "lambda.amazonaws.com:Invoke",
  "dynamodb.amazonaws.com:GetItem",
  "dynamodb.amazonaws.com:PutItem",
  "dynamodb.amazonaws.com:Query",
  "dynamodb.amazonaws.com:UpdateItem",
]);

function categoryOf(r: JsonObject): Category {
  const c = r.eventCategory;
  if (c === "Management" || c === "Data" || c === "Insight" || c === "NetworkActivity") return c;
  if (r.eventType === "AwsCloudTrailInsight") return "Insight";
  if (r.eventType === "AwsVpceEvent") return "NetworkActivity";
  if (
    r.managementEvent === false ||
    DATA_EVENT_NAMES.has(`${String(r.eventSource)}:${String(r.eventName)}`)
  )
    return "Data";
  return "Management";
}

function identityType(r: JsonObject): string {
  const id = r.userIdentity;
  if (id && typeof id === "object" && !Array.isArray(id) && typeof id.type === "string")
    return id.type;
  return "(none)";
}

const folderDate = (key: string): string => {
  const m = /\/(\d{4})\/(\d{2})\/(\d{2})\/[^/]+$/.exec(key);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : "";
};

/** Counts everything from the files as written. */
export function countFiles(files: readonly TrailFile[], digestFiles: number): ManifestCounts {
  const seen = new Set<string>();
  const distinctRecords: JsonObject[] = [];
  const byCategory = { Management: 0, Data: 0, Insight: 0, NetworkActivity: 0 };
  const byIdentityType: Record<string, number> = {};
  let records = 0;
  let distinct = 0;
  let withoutId = 0;
  let withoutCategory = 0;
  let nextDay = 0;
  for (const file of files) {
    const day = folderDate(file.key);
    for (const r of file.records) {
      records++;
      if (typeof r.eventTime === "string" && r.eventTime.slice(0, 10) < day) nextDay++;
      if (typeof r.eventID === "string") {
        if (seen.has(r.eventID)) continue;
        seen.add(r.eventID);
      } else withoutId++;
      distinct++;
      distinctRecords.push(r);
      byCategory[categoryOf(r)]++;
      const type = identityType(r);
      byIdentityType[type] = (byIdentityType[type] ?? 0) + 1;
      if (r.eventCategory === undefined) withoutCategory++;
    }
  }
  const sortedTypes: Record<string, number> = {};
  for (const key of Object.keys(byIdentityType).sort()) sortedTypes[key] = byIdentityType[key] ?? 0;
  return {
    files: {
      events: files.filter((f) => f.kind === "events").length,
      insights: files.filter((f) => f.kind === "insights").length,
      digests: digestFiles,
    },
    records,
    distinctEvents: distinct,
    duplicateRecords: records - distinct,
    byCategory,
    byIdentityType: sortedTypes,
    recordsWithoutEventId: withoutId,
    recordsWithoutCategory: withoutCategory,
    deliveredNextDay: nextDay,
    ...countCallers(distinctRecords),
  };
}
