import { gzipSync } from "node:zlib";

/**
 * A small organization trail for the end-to-end test of the S3 source: two
 * accounts, two Regions, management, data and Insights events, one event
 * delivered twice, a digest and a corrupt object; and what Event history
 * (LookupEvents) holds for one account and Region, including an event too
 * recent to have reached the bucket. The spec asserts against
 * these constants, so the fixture and the expectations cannot drift apart.
 */

export const BUCKET = "e2e-trail";
export const PREFIX = "org-trail";
export const ORG = "o-e2etest01";
export const DAY = "2026-11-06";
/** What a caller can put in its user agent: a spreadsheet formula. */
export const FORMULA_USER_AGENT = '=HYPERLINK("http://evil.example","click")';
export const RANGE = { from: `${DAY}T00:00:00Z`, to: `${DAY}T23:59:59Z` };

const ALICE = {
  type: "IAMUser",
  userName: "alice",
  arn: "arn:aws:iam::111122223333:user/alice",
  accountId: "111122223333",
};

const managementRecord = (
  id: string,
  account: string,
  region: string,
  minute: number,
  name: string,
) => ({
  eventVersion: "1.11",
  userIdentity: { ...ALICE, accountId: account },
  eventTime: `${DAY}T10:${String(minute).padStart(2, "0")}:00Z`,
  eventSource: "iam.amazonaws.com",
  eventName: name,
  awsRegion: region,
  sourceIPAddress: "198.51.100.7",
  userAgent: "aws-cli/2.22.0",
  requestParameters: { userName: `bucket-user-${minute}` },
  responseElements: null,
  requestID: `req-${id}`,
  eventID: id,
  readOnly: false,
  eventType: "AwsApiCall",
  managementEvent: true,
  recipientAccountId: account,
  eventCategory: "Management",
});

export const EVENTS = {
  createUser: "e2e0000-0000-0000-0000-000000000001",
  deleteUser: "e2e0000-0000-0000-0000-000000000002",
  getObject: "e2e0000-0000-0000-0000-000000000003",
  insight: "e2e0000-0000-0000-0000-000000000004",
} as const;

/** Only in the bucket, on a day no other test loads: found through its permalink. */
export const PERMALINK_EVENT = {
  id: "e2e0000-0000-0000-0000-000000000006",
  time: "2026-11-02T08:15:00Z",
  account: "111122223333",
  region: "us-east-1",
} as const;

/** Only in Event history: minutes old, so no trail file holds it yet. */
export const FRESH_EVENT = "e2e0000-0000-0000-0000-000000000005";
export const LOOKUP_REGION = "us-east-1";

const createUser = managementRecord(
  EVENTS.createUser,
  "111122223333",
  "us-east-1",
  1,
  "CreateUser",
);
const deleteUser = managementRecord(
  EVENTS.deleteUser,
  "444455556666",
  "eu-west-1",
  2,
  "DeleteUser",
);
const getObject = {
  ...managementRecord(EVENTS.getObject, "111122223333", "us-east-1", 3, "GetObject"),
  eventSource: "s3.amazonaws.com",
  requestParameters: { bucketName: "payroll-exports", key: "2026/11/payroll.csv" },
  userAgent: FORMULA_USER_AGENT,
  readOnly: true,
  managementEvent: false,
  eventCategory: "Data",
  resources: [{ type: "AWS::S3::Object", ARN: "arn:aws:s3:::payroll-exports/2026/11/payroll.csv" }],
};
const insight = {
  eventVersion: "1.08",
  eventTime: `${DAY}T10:04:00Z`,
  awsRegion: "us-east-1",
  eventID: EVENTS.insight,
  eventType: "AwsCloudTrailInsight",
  recipientAccountId: "111122223333",
  sharedEventID: "e2e-shared-insight-1",
  insightDetails: {
    state: "Start",
    eventSource: "iam.amazonaws.com",
    eventName: "CreateUser",
    insightType: "ApiCallRateInsight",
    insightContext: { statistics: { baseline: { average: 0.1 }, insight: { average: 4 } } },
  },
  eventCategory: "Insight",
};

/** Keys relative to the prefix. */
const trailDir = (account: string, region: string, kind = "CloudTrail") =>
  `AWSLogs/${ORG}/${account}/${kind}/${region}/2026/11/06`;

export const CORRUPT_KEY = `${trailDir("111122223333", "us-east-1")}/111122223333_CloudTrail_us-east-1_20261106T1015Z_corrupt0000000001.json.gz`;

export function trailObjects(): { key: string; body: Buffer }[] {
  const file = (records: object[]) => gzipSync(JSON.stringify({ Records: records }));
  const objects = [
    {
      key: `${trailDir("111122223333", "us-east-1")}/111122223333_CloudTrail_us-east-1_20261106T1005Z_aaaaaaaaaaaaaaa1.json.gz`,
      body: file([createUser, getObject]),
    },
    // CloudTrail delivered the CreateUser record again: it must show once.
    {
      key: `${trailDir("111122223333", "us-east-1")}/111122223333_CloudTrail_us-east-1_20261106T1010Z_aaaaaaaaaaaaaaa2.json.gz`,
      body: file([createUser]),
    },
    {
      key: `${trailDir("444455556666", "eu-west-1")}/444455556666_CloudTrail_eu-west-1_20261106T1005Z_bbbbbbbbbbbbbbb1.json.gz`,
      body: file([deleteUser]),
    },
    {
      key: `${trailDir("111122223333", "us-east-1", "CloudTrail-Insight")}/111122223333_CloudTrail-Insight_us-east-1_20261106T1035Z_ccccccccccccccc1.json.gz`,
      body: file([insight]),
    },
    // Digests live beside the trail and are never events.
    {
      key: `${trailDir("111122223333", "us-east-1", "CloudTrail-Digest")}/111122223333_CloudTrail-Digest_us-east-1_e2e_us-east-1_20261106T110000Z.json.gz`,
      body: gzipSync(
        JSON.stringify({
          digestStartTime: `${DAY}T10:00:00Z`,
          digestEndTime: `${DAY}T11:00:00Z`,
          logFiles: [],
        }),
      ),
    },
    { key: CORRUPT_KEY, body: Buffer.from("this object is not gzip and not JSON") },
    {
      key: `AWSLogs/${ORG}/111122223333/CloudTrail/us-east-1/2026/11/02/111122223333_CloudTrail_us-east-1_20261102T0820Z_ddddddddddddddd1.json.gz`,
      body: file([
        {
          ...managementRecord(
            PERMALINK_EVENT.id,
            "111122223333",
            "us-east-1",
            15,
            "DeleteAccessKey",
          ),
          eventTime: PERMALINK_EVENT.time,
        },
      ]),
    },
  ];
  return objects.map((o) => ({ key: `${PREFIX}/${o.key}`, body: o.body }));
}

/** Event history of 111122223333 in us-east-1: the bucket's management and Insights events, and a fresh one. */
export function lookupRecords(now: number): object[] {
  const fresh = {
    ...managementRecord(FRESH_EVENT, "111122223333", LOOKUP_REGION, 0, "AttachUserPolicy"),
    eventTime: new Date(now - 5 * 60_000).toISOString().replace(/\.\d{3}Z$/, "Z"),
  };
  return [createUser, insight, fresh];
}
