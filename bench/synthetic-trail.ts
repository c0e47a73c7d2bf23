import { randomUUID } from "node:crypto";
import { gzipSync } from "node:zlib";

/**
 * Synthetic trail objects for benchmarks: many accounts, Regions and delivery
 * times, records about as large as real ones (~1.4 KB), and a realistic mix of
 * who acts (see callerOf). Not realistic activity (that is the sample trail's
 * job), just realistic shapes, sizes and actors.
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

/** A well-mixed hash of `n`, so who acts does not follow the API (`n % NAMES.length`). */
function mix(n: number): number {
  let x = Math.imul(n ^ (n >>> 16), 0x45d9f3b);
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b);
  return (x ^ (x >>> 16)) >>> 0;
}

const BOTO3 =
  "Boto3/1.35.54 md/Botocore#1.35.54 ua/2.0 os/linux#6.1.112 md/arch#x86_64 lang/python#3.12.7";
const CLI =
  "aws-cli/2.22.9 md/awscrt#0.22.0 ua/2.0 os/macos#24.1.0 md/arch#arm64 lang/python#3.12.6";
const SERVICES = [
  "lambda.amazonaws.com",
  "config.amazonaws.com",
  "cloudtrail.amazonaws.com",
  "autoscaling.amazonaws.com",
];
const PEOPLE = 40;
const IAM_USERS = 6;

interface Caller {
  identity: Record<string, unknown>;
  sourceIp: string;
  userAgent: string;
  fromConsole: boolean;
}

function roleSession(account: string, role: string, session: string, key: string, timeMs: number) {
  return {
    type: "AssumedRole",
    principalId: `AROA${role.length}EXAMPLE:${session}`,
    arn: `arn:aws:sts::${account}:assumed-role/${role}/${session}`,
    accountId: account,
    accessKeyId: key,
    sessionContext: {
      sessionIssuer: {
        type: "Role",
        principalId: `AROA${role.length}EXAMPLE`,
        arn: `arn:aws:iam::${account}:role/${role}`,
        accountId: account,
        userName: role,
      },
      attributes: {
        creationDate: new Date(timeMs - 3_600_000).toISOString(),
        mfaAuthenticated: "false",
      },
    },
  };
}

/**
 * Who makes call `n`, in a mix like a busy organization's: 60% workload role
 * sessions (17 roles, 101 sessions), 15% AWS services, 12% people through
 * Identity Center (40 people, two permission sets, half from the console),
 * 9% IAM users with access keys, 4% another account, 0.1% root. People and
 * users call from a few addresses each; workloads from many private ones.
 */
function callerOf(account: string, timeMs: number, n: number): Caller {
  const k = mix(n) % 1000;
  const key = `ASIAEXAMPLE${String(n % 9973).padStart(8, "0")}`;
  const privateIp = `10.${n % 255}.${(n >> 8) % 255}.${(n >> 16) % 255}`;
  if (k < 600) {
    const role = `app-role-${n % 17}`;
    return {
      identity: roleSession(account, role, `session-${n % 101}`, key, timeMs),
      sourceIp: privateIp,
      userAgent: BOTO3,
      fromConsole: false,
    };
  }
  if (k < 750) {
    const service = SERVICES[n % SERVICES.length]!;
    return {
      identity: { type: "AWSService", invokedBy: service },
      sourceIp: service,
      userAgent: service,
      fromConsole: false,
    };
  }
  if (k < 870) {
    const person = n % PEOPLE;
    const set = person % 4 === 0 ? "AdministratorAccess" : "ReadOnlyAccess";
    const viaConsole = n % 2 === 0;
    return {
      identity: roleSession(
        account,
        `AWSReservedSSO_${set}_0123456789abcdef`,
        `person-${person}@example.com`,
        key,
        timeMs,
      ),
      sourceIp: `203.0.113.${person * 3 + (n % 3)}`,
      userAgent: viaConsole ? "AWS Internal" : CLI,
      fromConsole: viaConsole,
    };
  }
  if (k < 960) {
    const user = `ci-user-${n % IAM_USERS}`;
    return {
      identity: {
        type: "IAMUser",
        principalId: `AIDAEXAMPLE${n % IAM_USERS}`,
        arn: `arn:aws:iam::${account}:user/${user}`,
        accountId: account,
        accessKeyId: `AKIAEXAMPLE${n % IAM_USERS}`,
        userName: user,
      },
      sourceIp: `198.51.100.${(n % IAM_USERS) * 2 + (n % 2)}`,
      userAgent: CLI,
      fromConsole: false,
    };
  }
  if (k < 999) {
    return {
      identity: { type: "AWSAccount", principalId: "AIDAPARTNER", accountId: "999900000009" },
      sourceIp: "192.0.2.10",
      userAgent: BOTO3,
      fromConsole: false,
    };
  }
  return {
    identity: {
      type: "Root",
      principalId: account,
      arn: `arn:aws:iam::${account}:root`,
      accountId: account,
      accessKeyId: key,
    },
    sourceIp: "192.0.2.99",
    userAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/537.36",
    fromConsole: true,
  };
}

export function syntheticRecord(account: string, region: string, timeMs: number, n: number) {
  const [eventSource, eventName, readOnly] = NAMES[n % NAMES.length]!;
  const data =
    eventSource === "s3.amazonaws.com" || eventName === "Invoke" || eventName === "GetItem";
  const caller = callerOf(account, timeMs, n);
  return {
    eventVersion: "1.09",
    userIdentity: caller.identity,
    eventTime: new Date(timeMs).toISOString().replace(/\.\d{3}Z$/, "Z"),
    eventSource,
    eventName,
    awsRegion: region,
    sourceIPAddress: caller.sourceIp,
    userAgent: caller.userAgent,
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
    sessionCredentialFromConsole: caller.fromConsole ? "true" : undefined,
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
