import { AWS_INTERNAL } from "./agents";
import { DEV, PROD, SPAN_DAYS, SPAN_FROM_MS, type AccountId } from "./config";
import { serviceEventIdentity } from "./identities";
import { inventory } from "./inventory";
import { Rng } from "./prng";
import { managementEvent } from "./record";
import { DAY, HOUR } from "./time";
import type { GeneratedEvent } from "./types";

/** AwsServiceEvent records that AWS writes on its own: key rotation, secret rotation. */

function rotateKey(rng: Rng, account: AccountId, timeMs: number): GeneratedEvent {
  const keyId = rng.pick(inventory(account).network["us-east-1"].kmsKeys);
  return managementEvent(rng, {
    identity: serviceEventIdentity(account, AWS_INTERNAL),
    timeMs,
    eventSource: "kms.amazonaws.com",
    eventName: "RotateKey",
    region: "us-east-1",
    sourceIp: AWS_INTERNAL,
    userAgent: AWS_INTERNAL,
    req: null,
    resp: null,
    requestId: null,
    readOnly: false,
    resources: [
      {
        ARN: `arn:aws:kms:us-east-1:${account}:key/${keyId}`,
        accountId: account,
        type: "AWS::KMS::Key",
      },
    ],
    eventType: "AwsServiceEvent",
    recipient: account,
    serviceEventDetails: { keyId },
  });
}

function rotationSucceeded(rng: Rng, timeMs: number): GeneratedEvent {
  const secret = inventory(PROD).secrets[0];
  const arn = secret
    ? `arn:aws:secretsmanager:${secret.region}:${PROD}:secret:${secret.name}-${secret.suffix}`
    : "";
  return managementEvent(rng, {
    identity: serviceEventIdentity(PROD, "secretsmanager.amazonaws.com"),
    timeMs,
    eventSource: "secretsmanager.amazonaws.com",
    eventName: "RotationSucceeded",
    region: "us-east-1",
    sourceIp: "secretsmanager.amazonaws.com",
    userAgent: "secretsmanager.amazonaws.com",
    req: null,
    resp: null,
    additional: { SecretId: arn },
    readOnly: false,
    eventType: "AwsServiceEvent",
    recipient: PROD,
  });
}

export function serviceEvents(): GeneratedEvent[] {
  const rng = Rng.stream("service-events");
  const out: GeneratedEvent[] = [
    rotateKey(rng, PROD, Date.UTC(2026, 10, 3, 7, 14, 52)),
    rotateKey(rng, DEV, Date.UTC(2026, 10, 5, 19, 2, 8)),
  ];
  for (let d = 0; d < SPAN_DAYS; d++)
    out.push(rotationSucceeded(rng, SPAN_FROM_MS + d * DAY + 4 * HOUR + rng.int(0, 600_000)));
  return out;
}
