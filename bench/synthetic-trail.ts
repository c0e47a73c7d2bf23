import { randomUUID } from "node:crypto";
import { gzipSync } from "node:zlib";

/**
 * Synthetic trail objects for benchmarks: many accounts, Regions and delivery
 * times, records about as large as real ones (~1.4 KB). Not realistic
 * activity (that is the sample trail's job), just realistic shapes and sizes.
 */

export interface SyntheticTrailOptions {
  objects: number;
  eventsPerObject: number;
  accounts?: string[];
  regions?: string[];
  /** First delivery day, UTC. */
  startDay?: string;
  days?: number;
  /** `null`: a single-account trail (`AWSLogs/<account>/...`). */
  organizationId?: string | null;
}

export interface SyntheticObject {
  key: string;
  body: Buffer;
  events: number;
}

const NAMES = [
  ["s3.amazonaws.com", "GetObject", true],
  ["s3.amazonaws.com", "PutObject", false],
  ["ec2.amazonaws.com", "DescribeInstances", true],
  ["iam.amazonaws.com", "ListRoles", true],
  ["sts.amazonaws.com", "AssumeRole", false],
  ["kms.amazonaws.com", "Decrypt", true],
  ["lambda.amazonaws.com", "Invoke", false],
  ["dynamodb.amazonaws.com", "GetItem", true],
] as const;

export function syntheticRecord(account: string, region: string, timeMs: number, n: number) {
  const [eventSource, eventName, readOnly] = NAMES[n % NAMES.length]!;
  const data =
    eventSource === "s3.amazonaws.com" || eventName === "Invoke" || eventName === "GetItem";
  const role = `app-role-${n % 17}`;
  return {
    eventVersion: "1.09",
    userIdentity: {
      type: "AssumedRole",
      principalId: `AROAEXAMPLE${n % 17}:session-${n % 101}`,
      arn: `arn:aws:sts::${account}:assumed-role/${role}/session-${n % 101}`,
      accountId: account,
      accessKeyId: `ASIAEXAMPLE${String(n % 9973).padStart(8, "0")}`,
      sessionContext: {
        sessionIssuer: {
          type: "Role",
          principalId: `AROAEXAMPLE${n % 17}`,
          arn: `arn:aws:iam::${account}:role/${role}`,
          accountId: account,
          userName: role,
        },
        attributes: {
          creationDate: new Date(timeMs - 3_600_000).toISOString(),
          mfaAuthenticated: "false",
        },
      },
    },
    eventTime: new Date(timeMs).toISOString().replace(/\.\d{3}Z$/, "Z"),
    eventSource,
    eventName,
    awsRegion: region,
    sourceIPAddress: `10.${n % 255}.${(n >> 8) % 255}.${(n >> 16) % 255}`,
    userAgent:
      "Boto3/1.35.54 md/Botocore#1.35.54 ua/2.0 os/linux#6.1.112 md/arch#x86_64 lang/python#3.12.7",
    requestParameters: {
      bucketName: `bench-bucket-${n % 13}`,
      key: `exports/2026/11/${n}/part-${n % 97}.parquet`,
      Host: `bench-bucket-${n % 13}.s3.${region}.amazonaws.com`,
    },
    responseElements: null,
    additionalEventData: {
      SignatureVersion: "SigV4",
      CipherSuite: "TLS_AES_128_GCM_SHA256",
      bytesTransferredIn: 0,
      bytesTransferredOut: 1024 + (n % 4096),
    },
    requestID: randomUUID(),
    eventID: randomUUID(),
    readOnly,
    resources: [
      {
        type: "AWS::S3::Object",
        ARN: `arn:aws:s3:::bench-bucket-${n % 13}/exports/2026/11/${n}/part-${n % 97}.parquet`,
      },
    ],
    eventType: "AwsApiCall",
    managementEvent: !data,
    recipientAccountId: account,
    eventCategory: data ? "Data" : "Management",
    tlsDetails: {
      tlsVersion: "TLSv1.3",
      cipherSuite: "TLS_AES_128_GCM_SHA256",
      clientProvidedHostHeader: `s3.${region}.amazonaws.com`,
    },
  };
}

const pad = (n: number) => String(n).padStart(2, "0");

/** Objects spread evenly over accounts x Regions x delivery times. */
export function* syntheticTrail(options: SyntheticTrailOptions): Generator<SyntheticObject> {
  const accounts = options.accounts ?? [
    "111100000001",
    "111100000002",
    "111100000003",
    "111100000004",
  ];
  const regions = options.regions ?? ["us-east-1", "eu-west-1", "ap-southeast-2", "us-west-2"];
  const days = options.days ?? 2;
  const start = Date.parse(`${options.startDay ?? "2026-11-10"}T00:00:00Z`);
  const org = options.organizationId === undefined ? "o-benchmark01" : options.organizationId;
  const span = days * 86_400_000;
  let n = 0;
  for (let i = 0; i < options.objects; i++) {
    const account = accounts[i % accounts.length]!;
    const region = regions[Math.floor(i / accounts.length) % regions.length]!;
    const delivered = start + Math.floor((i / options.objects) * span);
    const d = new Date(delivered);
    const stamp = `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}Z`;
    const folder = `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}`;
    const Records = Array.from({ length: options.eventsPerObject }, (_, k) =>
      syntheticRecord(account, region, delivered - 5 * 60_000 + k * 100, n++),
    );
    yield {
      key: `AWSLogs/${org ? `${org}/` : ""}${account}/CloudTrail/${region}/${folder}/${account}_CloudTrail_${region}_${stamp}_${i.toString(36).padStart(16, "0")}.json.gz`,
      body: gzipSync(JSON.stringify({ Records })),
      events: options.eventsPerObject,
    };
  }
}
