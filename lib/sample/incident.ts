import { s3Additional } from "./catalog-storage";
import { PROD, TRAIL_ARN, type Region } from "./config";
import { s3Object } from "./data-events";
import { USERS } from "./directory";
import { deniedMessage } from "./errors";
import { s3RequestId } from "./ids";
import {
  awsAccountIdentity,
  federatedUserIdentity,
  iamUserIdentity,
  type IamUser,
} from "./identities";
import { burst, insightPair, type InsightSpec } from "./insights";
import { inventory } from "./inventory";
import { Rng } from "./prng";
import { managementEvent } from "./record";
import { call, type Caller } from "./session";
import { getFederationToken } from "./sts-flows";
import { iso, stsDate } from "./time";
import type { ErrorPair, GeneratedEvent, JsonObject } from "./types";

/**
 * The incident: the leaked ci-deploy access key is used from a Tor exit node to
 * enumerate, download customer exports, create a backdoor admin and try to
 * stop the trail (denied by an SCP), then open the bucket to another account.
 */

export const INCIDENT = {
  account: PROD,
  userName: USERS.ciDeploy.userName,
  accessKeyId: USERS.ciDeploy.accessKeyId,
  sourceIp: "185.220.101.47",
  userAgent: "aws-cli/1.18.69 Python/3.11.2 Linux/6.5.0-kali3-amd64 botocore/1.16.19",
  hostileUserAgent: "<img src=x onerror=alert(1)>",
  formulaPayload: '=HYPERLINK("http://evil.example","click")',
  bucket: "acme-prod-customer-exports",
  createdUser: USERS.backupAdmin.userName,
  createdAccessKeyId: USERS.backupAdmin.accessKeyId,
  /** The federated user the leaked key mints: 36-hour credentials that outlive the key. */
  federatedUser: "temp-admin",
  from: Date.UTC(2026, 10, 4, 2, 10, 0),
  to: Date.UTC(2026, 10, 4, 3, 30, 0),
} as const;

export interface IncidentResult {
  events: GeneratedEvent[];
  hostileUserAgentEventId: string;
  formulaPayloadEventId: string;
}

const at = (h: number, m: number, s: number): number => Date.UTC(2026, 10, 4, h, m, s);
const REGION: Region = "us-east-1";

function attacker(user: IamUser): Caller {
  return {
    identity: iamUserIdentity(user, user.accessKeyId),
    arn: user.arn,
    account: PROD,
    sourceIp: INCIDENT.sourceIp,
    agent: () => INCIDENT.userAgent,
    tls: true,
    errorRate: 0,
  };
}

const exportsBucket = () => {
  const b = inventory(PROD).buckets.find((x) => x.name === INCIDENT.bucket);
  if (!b) throw new Error("exports bucket missing");
  return b;
};

/** A bucket-level S3 call on the exports bucket. */
function bucketCall(
  rng: Rng,
  caller: Caller,
  name: string,
  timeMs: number,
  extra: JsonObject,
  readOnly: boolean,
  error?: ErrorPair,
): GeneratedEvent {
  const b = exportsBucket();
  const host = `${b.name}.s3.${b.region}.amazonaws.com`;
  return managementEvent(rng, {
    identity: caller.identity,
    timeMs,
    eventSource: "s3.amazonaws.com",
    eventName: name,
    region: b.region,
    sourceIp: caller.sourceIp,
    userAgent: INCIDENT.userAgent,
    error,
    req: { bucketName: b.name, Host: host, ...extra },
    resp: null,
    additional: s3Additional(rng),
    requestId: s3RequestId(rng),
    readOnly,
    resources: [{ accountId: PROD, type: "AWS::S3::Bucket", ARN: `arn:aws:s3:::${b.name}` }],
    recipient: PROD,
    tlsHost: host,
  });
}

const iamCall = (
  rng: Rng,
  caller: Caller,
  key: string,
  t: number,
  req: JsonObject | null,
  resp?: JsonObject,
  error?: ErrorPair,
) => {
  const e = call(rng, caller, key, t, REGION, { req, error: error ?? null });
  if (resp && !error) e.record.responseElements = resp;
  return e;
};

/**
 * A second way back in: the leaked key mints a federation token (GetFederationToken,
 * 36 hours, an allow-all session policy). Deleting the key or the user's policies later
 * does not end the federated user's session. Its own stream, so the other incident
 * records keep their ids.
 */
function federationBackdoor(b: ReturnType<typeof exportsBucket>): GeneratedEvent[] {
  const rng = Rng.stream("incident:federation");
  const user = USERS.ciDeploy;
  const mintedAt = at(3, 11, 36);
  const issued = getFederationToken(
    rng,
    user,
    INCIDENT.federatedUser,
    mintedAt,
    INCIDENT.sourceIp,
    INCIDENT.userAgent,
    REGION,
    {
      durationSeconds: 129_600,
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
      }),
    },
  );
  const federated: Caller = {
    identity: federatedUserIdentity(
      user,
      INCIDENT.federatedUser,
      issued.accessKeyId,
      iso(mintedAt),
    ),
    arn: `arn:aws:sts::${PROD}:federated-user/${INCIDENT.federatedUser}`,
    account: PROD,
    sourceIp: INCIDENT.sourceIp,
    agent: () => INCIDENT.userAgent,
    tls: true,
    errorRate: 0,
  };
  return [
    issued.event,
    call(rng, federated, "sts:GetCallerIdentity", at(3, 12, 9), REGION, { error: null }),
    call(rng, federated, "s3:ListBuckets", at(3, 12, 33), REGION, { error: null }),
    s3Object(rng, federated, "ListObjects", b, "exports/2026/11/", at(3, 12, 58), {
      userAgent: INCIDENT.userAgent,
    }),
    call(rng, federated, "ec2:DescribeInstances", at(3, 13, 27), REGION, { error: null }),
  ];
}

export function incident(): IncidentResult {
  const rng = Rng.stream("incident");
  const ci = attacker(USERS.ciDeploy);
  const out: GeneratedEvent[] = [];
  out.push(call(rng, ci, "sts:GetCallerIdentity", at(2, 10, 14), REGION, { error: null }));
  out.push(iamCall(rng, ci, "iam:GetUser", at(2, 10, 52), null));
  out.push(
    iamCall(rng, ci, "iam:ListAttachedUserPolicies", at(2, 11, 30), { userName: "ci-deploy" }),
  );
  out.push(iamCall(rng, ci, "iam:ListUsers", at(2, 11, 58), null));
  out.push(call(rng, ci, "s3:ListBuckets", at(2, 12, 40), REGION, { error: null }));
  const denied = (key: string, resource: string): ErrorPair => ({
    code: "AccessDeniedException",
    message: deniedMessage(
      USERS.ciDeploy.arn,
      key.split(":")[0] ?? "",
      key.split(":")[1] ?? "",
      resource,
    ),
  });
  out.push(
    call(rng, ci, "secretsmanager:ListSecrets", at(2, 13, 21), REGION, {
      error: denied("secretsmanager:ListSecrets", "*"),
    }),
  );

  // Guessing secret names: a burst of denied GetSecretValue calls, caught by an ApiErrorRateInsight.
  const spec: InsightSpec = {
    account: PROD,
    region: REGION,
    eventSource: "secretsmanager.amazonaws.com",
    eventName: "GetSecretValue",
    insightType: "ApiErrorRateInsight",
    startMs: at(2, 14, 0),
    durationMinutes: 4,
    baselineAverage: 0.00021,
    baselineDurationMinutes: 10_080,
    baseline: [
      [
        "userIdentityArn",
        `arn:aws:sts::${PROD}:assumed-role/orders-api-lambda-role/orders-api`,
        0.00014,
      ],
      [
        "userAgent",
        "aws-sdk-js/3.682.0 ua/2.1 os/linux#5.10.227-239.884.amzn2.x86_64 lang/js md/nodejs#20.18.0 api/secrets-manager#3.682.0 exec-env/AWS_Lambda_nodejs20.x",
        0.00014,
      ],
      ["errorCode", "ResourceNotFoundException", 0.00021],
    ],
  };
  const guesses = [
    "prod/db",
    "prod/rds/master",
    "production/stripe",
    "prod/orders-api/db",
    "prod/stripe/api-key",
    "prod/aws/root",
    "prod/github-token",
    "prod/sendgrid/api-key",
    "prod/jwt-signing-key",
    "prod/backup",
  ];
  const burstEvents = burst(rng, ci, "secretsmanager:GetSecretValue", spec, 46, REGION, {
    req: (i) => ({ secretId: guesses[i % guesses.length] ?? "prod/db" }),
    error: (i) =>
      denied(
        "secretsmanager:GetSecretValue",
        `arn:aws:secretsmanager:us-east-1:${PROD}:secret:${guesses[i % guesses.length] ?? "prod/db"}`,
      ),
  });
  out.push(...burstEvents, ...insightPair(rng, spec, burstEvents));

  out.push(bucketCall(rng, ci, "GetBucketPolicy", at(2, 19, 5), { policy: "" }, true));
  out.push(bucketCall(rng, ci, "GetBucketAcl", at(2, 19, 40), { acl: "" }, true));
  const b = exportsBucket();
  let t = at(2, 20, 10);
  for (const prefix of ["", "exports/", "exports/2026/10/", "exports/2026/11/"]) {
    out.push(s3Object(rng, ci, "ListObjects", b, prefix, t, { userAgent: INCIDENT.userAgent }));
    t += rng.int(4, 15) * 1000;
  }

  // The download: `aws s3 sync` pulls every export, in bursts.
  let hostileUserAgentEventId = "";
  t = at(2, 21, 3);
  const files: string[] = [];
  for (let day = 1; day <= 31; day++)
    for (let part = 0; part < 4; part++)
      files.push(
        `exports/2026/10/customers-202610${String(day).padStart(2, "0")}-${String(part).padStart(4, "0")}.csv.gz`,
      );
  for (let day = 2; day <= 4; day++)
    for (let part = 0; part < 8; part++)
      files.push(
        `exports/2026/11/customers-202611${String(day).padStart(2, "0")}-${String(part).padStart(4, "0")}.csv.gz`,
      );
  files.forEach((key, i) => {
    const hostile = i === 57;
    const e = s3Object(rng, ci, "GetObject", b, key, t, {
      userAgent: hostile ? INCIDENT.hostileUserAgent : INCIDENT.userAgent,
      bytes: rng.int(4_000_000, 40_000_000),
    });
    if (hostile) hostileUserAgentEventId = String(e.record.eventID);
    out.push(e);
    t += i % 10 === 9 ? rng.int(60, 240) * 1000 : rng.int(200, 4_000);
  });

  // Persistence: a new admin user with a key.
  const admin = USERS.backupAdmin;
  const createdAt = at(3, 6, 12);
  const tags = [{ key: "Owner", value: INCIDENT.formulaPayload }];
  const created = iamCall(
    rng,
    ci,
    "iam:CreateUser",
    createdAt,
    { userName: admin.userName, tags },
    {
      user: {
        path: "/",
        userName: admin.userName,
        userId: admin.principalId,
        arn: admin.arn,
        createDate: stsDate(createdAt),
        tags,
      },
    },
  );
  out.push(created);
  out.push(
    iamCall(
      rng,
      ci,
      "iam:CreateAccessKey",
      at(3, 6, 40),
      { userName: admin.userName },
      {
        accessKey: {
          userName: admin.userName,
          accessKeyId: admin.accessKeyId,
          status: "Active",
          createDate: stsDate(at(3, 6, 40)),
        },
      },
    ),
  );
  out.push(
    iamCall(rng, ci, "iam:AttachUserPolicy", at(3, 7, 5), {
      userName: admin.userName,
      policyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
    }),
  );

  // Trying to blind the trail; the organization's SCP denies it.
  out.push(call(rng, ci, "cloudtrail:DescribeTrails", at(3, 9, 0), REGION, { error: null }));
  for (const [name, time] of [
    ["StopLogging", at(3, 9, 31)],
    ["DeleteTrail", at(3, 10, 2)],
  ] as const) {
    out.push(
      call(rng, ci, `cloudtrail:${name}`, time, REGION, {
        req: { name: TRAIL_ARN },
        error: {
          code: "AccessDenied",
          message: deniedMessage(USERS.ciDeploy.arn, "cloudtrail", name, TRAIL_ARN, true),
        },
      }),
    );
  }

  out.push(...federationBackdoor(exportsBucket()));

  // The backdoor user opens the bucket to the attacker's own account.
  const backdoor = attacker(admin);
  out.push(call(rng, backdoor, "sts:GetCallerIdentity", at(3, 14, 20), REGION, { error: null }));
  const policy = JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "backup",
        Effect: "Allow",
        Principal: { AWS: "arn:aws:iam::210987654321:root" },
        Action: ["s3:GetObject", "s3:ListBucket"],
        Resource: [`arn:aws:s3:::${b.name}`, `arn:aws:s3:::${b.name}/*`],
      },
    ],
  });
  out.push(bucketCall(rng, backdoor, "PutBucketPolicy", at(3, 15, 2), { policy }, false));
  out.push(bucketCall(rng, backdoor, "GetBucketPolicy", at(3, 15, 48), { policy: "" }, true));

  // The other account reads through the new policy.
  const outsider: Caller = {
    ...backdoor,
    identity: awsAccountIdentity(
      `AIDA${rng.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 17)}`,
      "210987654321",
    ),
  };
  t = at(3, 22, 40);
  for (let i = 0; i < 6; i++) {
    out.push(
      s3Object(rng, outsider, "GetObject", b, files[files.length - 1 - i] ?? "exports/", t, {
        userAgent: INCIDENT.userAgent,
      }),
    );
    t += rng.int(20, 60) * 1000;
  }
  return {
    events: out,
    hostileUserAgentEventId,
    formulaPayloadEventId: String(created.record.eventID),
  };
}
