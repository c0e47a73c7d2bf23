import { boto3Agent, natIp } from "./agents";
import { s3Additional } from "./catalog-storage";
import { DEV, PROD, SECURITY, TRAIL_BUCKET } from "./config";
import { ROLES, auditRole, sessionKey } from "./directory";
import { s3RequestId } from "./ids";
import { assumedRoleIdentity, awsAccountIdentity, awsServiceIdentity } from "./identities";
import type { Mix } from "./mixes";
import { managementEvent } from "./record";
import type { Actor } from "./schedule";
import { runSession, type Caller } from "./session";
import { assumeRole, mirrorToAccount } from "./sts-flows";
import { iso } from "./time";

/** The security account at work: CloudTrail and Config checking their buckets, a posture scanner. */

/** CloudTrail and Config check the ACL of the bucket they deliver to. */
function bucketCheck(service: string, bucketName: string, perDay: number): Actor {
  return {
    id: `bucket-check-${service}`,
    perDay,
    run: (rng, start, out) => {
      const host = `${bucketName}.s3.amazonaws.com`;
      out.push(
        managementEvent(rng, {
          identity: awsServiceIdentity(service),
          timeMs: start,
          eventSource: "s3.amazonaws.com",
          eventName: "GetBucketAcl",
          region: "us-east-1",
          sourceIp: service,
          userAgent: service,
          req: { bucketName, Host: host, acl: "" },
          resp: null,
          additional: s3Additional(rng),
          requestId: s3RequestId(rng),
          readOnly: true,
          resources: [
            { accountId: SECURITY, type: "AWS::S3::Bucket", ARN: `arn:aws:s3:::${bucketName}` },
          ],
          recipient: SECURITY,
        }),
      );
    },
  };
}

const SCAN_MIX: Mix = [
  ["iam:GetAccountPasswordPolicy", 1],
  ["iam:ListUsers", 1],
  ["iam:ListAccessKeys", 2],
  ["iam:GetAccountSummary", 1],
  ["ec2:DescribeSecurityGroups", 2],
  ["s3:GetBucketPublicAccessBlock", 2],
  ["s3:GetBucketPolicy", 1],
  ["cloudtrail:DescribeTrails", 1],
  ["cloudtrail:GetTrailStatus", 1],
];

/** A scanner in the security account assumes an audit role in prod and dev (AWSAccount on the target side). */
const postureScanner: Actor = {
  id: "posture-scanner",
  perDay: 22,
  run: (rng, start, out) => {
    const target = rng.chance(0.6) ? PROD : DEV;
    const scanner = ROLES.securityAuditor;
    const ip = natIp("us-east-1");
    const agent = boto3Agent("5.10.227-239.884.amzn2.x86_64");
    const sessionName = `posture-scanner-${Math.floor(start / 1000)}`;
    const issued = assumeRole(rng, {
      identity: assumedRoleIdentity(scanner, "posture-scanner", {
        accessKeyId: sessionKey(rng),
        creationDate: iso(start - 400),
      }),
      recipient: SECURITY,
      role: auditRole(target),
      sessionName,
      timeMs: start,
      region: "us-east-1",
      sourceIp: ip,
      userAgent: agent,
      tls: true,
      sharedEventId: rng.uuid(),
    });
    out.push(issued.event);
    out.push(
      mirrorToAccount(
        rng,
        issued.event,
        target,
        awsAccountIdentity(`${scanner.principalId}:posture-scanner`, SECURITY),
      ),
    );
    const role = auditRole(target);
    const caller: Caller = {
      identity: assumedRoleIdentity(role, sessionName, {
        accessKeyId: issued.accessKeyId,
        creationDate: iso(start),
      }),
      arn: `arn:aws:sts::${target}:assumed-role/${role.name}/${sessionName}`,
      account: target,
      sourceIp: ip,
      agent: () => agent,
      tls: true,
      errorRate: 0.01,
    };
    runSession(
      rng,
      {
        caller,
        actions: SCAN_MIX,
        startMs: start + 700,
        count: rng.int(6, 14),
        gap: [0, 2],
        regions: [
          ["us-east-1", 1],
          ["eu-west-1", 1],
          ["ap-southeast-2", 1],
        ],
      },
      out,
    );
  },
};

export const SECURITY_ACTORS: readonly Actor[] = [
  bucketCheck("cloudtrail.amazonaws.com", TRAIL_BUCKET, 48),
  bucketCheck("config.amazonaws.com", "acme-security-config", 24),
  postureScanner,
];
