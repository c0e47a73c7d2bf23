import { boto3Agent, lambdaJsAgent, privateIp } from "./agents";
import { EXTERNAL_ACCOUNT, DEV, PROD, type Region } from "./config";
import { objectKey } from "./data-events";
import { ROLES, sessionKey } from "./directory";
import { s3RequestId, uniqueId } from "./ids";
import { assumedRoleIdentity, awsAccountIdentity } from "./identities";
import { inventory } from "./inventory";
import { Rng } from "./prng";
import { buildRecord, toEvent, type RecordSpec } from "./record";
import type { Actor } from "./schedule";
import { iso } from "./time";
import type { ErrorPair, GeneratedEvent, JsonObject } from "./types";

/** Network activity events (AwsVpceEvent) seen by the interface endpoints of the prod VPCs. */

type Service = "kms" | "secretsmanager" | "s3" | "sts";

const endpointRng = Rng.stream("vpc-endpoints");
const ENDPOINTS: Record<string, string> = {};
for (const region of ["us-east-1", "eu-west-1"] as const) {
  for (const service of ["kms", "secretsmanager", "s3", "sts"] as const) {
    ENDPOINTS[`${region}:${service}`] = `vpce-0${endpointRng.hex(16)}`;
  }
}

function endpointId(region: Region, service: Service): string {
  return ENDPOINTS[`${region}:${service}`] ?? "vpce-0000000000000000";
}

const OPS: readonly (readonly [readonly [Service, string], number])[] = [
  [["kms", "Decrypt"], 6],
  [["kms", "GenerateDataKey"], 3],
  [["secretsmanager", "GetSecretValue"], 3],
  [["s3", "GetObject"], 4],
  [["s3", "PutObject"], 1],
  [["sts", "GetCallerIdentity"], 1],
];

const DENIED: ErrorPair = {
  code: "VpceAccessDenied",
  message: "The request was denied due to a VPC endpoint policy",
};

function params(
  rng: Rng,
  service: Service,
  region: Region,
  owner: string,
  timeMs: number,
): JsonObject | null {
  const inv = inventory(PROD);
  if (service === "s3") {
    const bucket = rng.pick(inv.buckets.filter((b) => b.region === "us-east-1"));
    return {
      bucketName: bucket.name,
      Host: `${bucket.name}.s3.${region}.amazonaws.com`,
      key: objectKey(rng, bucket, timeMs),
    };
  }
  if (service === "kms")
    return { keyId: `arn:aws:kms:${region}:${owner}:key/${rng.pick(inv.network[region].kmsKeys)}` };
  if (service === "secretsmanager")
    return { secretId: rng.pick(inv.secrets.filter((s) => s.region === region)).name };
  return null;
}

export interface VpceCall {
  identity: JsonObject;
  service: Service;
  name: string;
  region: Region;
  timeMs: number;
  sourceIp: string;
  userAgent: string;
  error?: ErrorPair;
}

function vpceEvent(rng: Rng, c: VpceCall): GeneratedEvent {
  const spec: RecordSpec = {
    identity: c.identity,
    timeMs: c.timeMs,
    eventSource: `${c.service}.amazonaws.com`,
    eventName: c.name,
    region: c.region,
    sourceIp: c.sourceIp,
    userAgent: c.userAgent,
    error: c.error,
    req: params(rng, c.service, c.region, PROD, c.timeMs),
    resp: null,
    requestId: c.service === "s3" ? s3RequestId(rng) : undefined,
    eventType: "AwsVpceEvent",
    recipient: PROD,
    sharedEventId: rng.uuid(),
    vpce: { id: endpointId(c.region, c.service), account: PROD },
    category: "NetworkActivity",
  };
  return toEvent(buildRecord(rng, spec), spec);
}

/** Instances and functions inside the VPC calling AWS through the endpoints. */
const vpcTraffic: Actor = {
  id: "vpc-traffic",
  perDay: 58,
  run: (rng, start, out) => {
    const region: Region = rng.chance(0.72) ? "us-east-1" : "eu-west-1";
    const fromInstance = rng.chance(0.6);
    const instance = rng.pick(inventory(PROD).network[region].instances);
    const role = fromInstance ? ROLES.appServer : ROLES.ordersLambda;
    const sessionName = fromInstance
      ? instance
      : region === "us-east-1"
        ? "orders-api"
        : "orders-api-eu";
    const identity = assumedRoleIdentity(role, sessionName, {
      accessKeyId: sessionKey(rng),
      creationDate: iso(start - rng.int(60, 3 * 3600) * 1000),
      ec2RoleDelivery: fromInstance ? "2.0" : undefined,
    });
    const sourceIp = privateIp(region, rng.int(0, 2000));
    const userAgent = fromInstance
      ? boto3Agent("6.1.112-124.190.amzn2023.x86_64")
      : lambdaJsAgent("kms");
    let t = start;
    for (let i = rng.int(2, 7); i > 0; i--) {
      const [service, name] = rng.weighted(OPS);
      out.push(vpceEvent(rng, { identity, service, name, region, timeMs: t, sourceIp, userAgent }));
      t += rng.int(100, 30_000);
    }
  },
};

/** Principals of other accounts stopped by the endpoint policy (it only admits prod principals). */
const deniedCallers: Actor = {
  id: "vpce-denied",
  perDay: 2.2,
  run: (rng, start, out) => {
    const external = rng.chance(0.6);
    const accountId = external ? EXTERNAL_ACCOUNT : DEV;
    const principalId = external
      ? `${uniqueId(rng, "AROA")}:${rng.pick(["data-sync", "vendor-etl"])}`
      : `${ROLES.devApp.principalId}:orders-api-dev`;
    const region: Region = "us-east-1";
    const service: Service = rng.chance(0.7) ? "s3" : "kms";
    const name = service === "s3" ? rng.pick(["GetObject", "ListObjects", "PutObject"]) : "Decrypt";
    out.push(
      vpceEvent(rng, {
        identity: awsAccountIdentity(principalId, accountId),
        service,
        name,
        region,
        timeMs: start,
        sourceIp: privateIp(region, rng.int(2000, 2400)),
        userAgent: boto3Agent("5.15.0-1071-aws"),
        error: DENIED,
      }),
    );
  },
};

/** One fixed session in the sample's last minutes, so its newest page shows network activity. */
const lateVpcTraffic: Actor = {
  ...vpcTraffic,
  id: "vpc-traffic-late",
  at: [Date.UTC(2026, 10, 6, 23, 57, 40)],
};

export const NETWORK_ACTORS: readonly Actor[] = [vpcTraffic, deniedCallers, lateVpcTraffic];
