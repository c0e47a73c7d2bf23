import { CLI, IPS, boto3Agent, cliAgent, terraformAgent } from "./agents";
import { DEV, PROD, type AccountId, type Region } from "./config";
import { GITHUB_OIDC, ROLES, USERS } from "./directory";
import { throttled } from "./errors";
import { assumedRoleIdentity, iamUserIdentity } from "./identities";
import { action } from "./actions";
import { inventory } from "./inventory";
import { Rng } from "./prng";
import { call, type Caller } from "./session";
import { MINUTE, iso } from "./time";
import type { ErrorPair, GeneratedEvent, Json, JsonObject } from "./types";

/** CloudTrail Insights: Start/End pairs computed from the bursts they describe. */

export type InsightType = "ApiCallRateInsight" | "ApiErrorRateInsight";

export interface InsightSpec {
  account: AccountId;
  region: Region;
  eventSource: string;
  eventName: string;
  insightType: InsightType;
  /** Minute-aligned start. */
  startMs: number;
  durationMinutes: number;
  baselineAverage: number;
  baselineDurationMinutes: number;
  /** Typical values outside the insight: [attribute, value, average]. */
  baseline: readonly (readonly ["userIdentityArn" | "userAgent" | "errorCode", string, number])[];
  version?: string;
}

const round = (n: number): number => Number(n.toPrecision(6));

function attribution(
  events: JsonObject[],
  pick: (r: JsonObject) => string,
  minutes: number,
): { value: string; average: number }[] {
  const counts = new Map<string, number>();
  for (const r of events) counts.set(pick(r), (counts.get(pick(r)) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 5)
    .map(([value, n]) => ({ value, average: round(n / minutes) }));
}

const str = (v: Json | undefined): string => (typeof v === "string" ? v : "null");
const arnOf = (r: JsonObject): string => {
  const id = r.userIdentity;
  return id && typeof id === "object" && !Array.isArray(id) ? str(id.arn) : "null";
};

/** The Start and End records of an insight over the burst in `events`. */
export function insightPair(
  rng: Rng,
  spec: InsightSpec,
  events: readonly GeneratedEvent[],
): GeneratedEvent[] {
  const endMs = spec.startMs + spec.durationMinutes * MINUTE;
  const matching = events
    .map((e) => e.record)
    .filter(
      (r) =>
        r.eventSource === spec.eventSource &&
        r.eventName === spec.eventName &&
        r.awsRegion === spec.region,
    )
    .filter((r) => spec.insightType === "ApiCallRateInsight" || typeof r.errorCode === "string");
  const minutes = spec.durationMinutes;
  const baselineOf = (attr: string) =>
    spec.baseline.filter(([a]) => a === attr).map(([, value, average]) => ({ value, average }));
  const context: JsonObject = {
    statistics: {
      baseline: { average: spec.baselineAverage },
      insight: { average: round(matching.length / minutes) },
      insightDuration: minutes,
      baselineDuration: spec.baselineDurationMinutes,
    },
    attributions: [
      {
        attribute: "userIdentityArn",
        insight: attribution(matching, arnOf, minutes),
        baseline: baselineOf("userIdentityArn"),
      },
      {
        attribute: "userAgent",
        insight: attribution(matching, (r) => str(r.userAgent), minutes),
        baseline: baselineOf("userAgent"),
      },
      {
        attribute: "errorCode",
        insight: attribution(matching, (r) => str(r.errorCode), minutes),
        baseline: baselineOf("errorCode"),
      },
    ],
  };
  const shared = rng.uuid();
  return (["Start", "End"] as const).map((state) => {
    const timeMs = state === "Start" ? spec.startMs : endMs;
    // Insights records carry only these members, in this order.
    const insight: JsonObject = {
      eventVersion: spec.version ?? "1.08",
      eventTime: iso(timeMs),
      awsRegion: spec.region,
      eventID: rng.uuid(),
      eventType: "AwsCloudTrailInsight",
      recipientAccountId: spec.account,
      sharedEventID: shared,
      insightDetails: {
        state,
        eventSource: spec.eventSource,
        eventName: spec.eventName,
        insightType: spec.insightType,
        insightContext: context,
      },
      eventCategory: "Insight",
    };
    return { record: insight, account: spec.account, region: spec.region, timeMs, insight: true };
  });
}

export interface BurstOptions {
  error?: (index: number) => ErrorPair | null;
  req?: (index: number) => JsonObject;
}

/** Calls `key` `count` times spread over the insight window. */
export function burst(
  rng: Rng,
  caller: Caller,
  key: string,
  spec: InsightSpec,
  count: number,
  region: Region,
  o: BurstOptions = {},
): GeneratedEvent[] {
  const out: GeneratedEvent[] = [];
  const width = spec.durationMinutes * MINUTE;
  for (let i = 0; i < count; i++) {
    const t = spec.startMs + Math.floor((i / count) * width) + rng.int(0, 900);
    out.push(
      call(rng, caller, key, t, region, {
        error: o.error ? o.error(i) : null,
        req: o.req ? o.req(i) : undefined,
      }),
    );
  }
  return out;
}

const throttleShare = (rng: Rng, key: string, share: number) => () =>
  rng.chance(share) ? throttled(action(key)) : null;

/** Three bursts of ordinary trouble (the incident brings its own insight). */
export function backgroundInsights(): GeneratedEvent[] {
  const rng = Rng.stream("insights");
  const out: GeneratedEvent[] = [];

  const ghRole = ROLES.githubDev;
  const gh: Caller = {
    identity: assumedRoleIdentity(ghRole, "GitHubActions", {
      accessKeyId: `ASIA${rng.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)}`,
      creationDate: "2026-11-03T14:19:12Z",
      webIdentityProvider: GITHUB_OIDC(DEV),
    }),
    arn: `arn:aws:sts::${DEV}:assumed-role/${ghRole.name}/GitHubActions`,
    account: DEV,
    sourceIp: IPS.githubRunners[2],
    agent: (_s, command) => cliAgent(CLI.githubRunner, command),
    tls: true,
  };
  const loop: InsightSpec = {
    account: DEV,
    region: "us-east-1",
    eventSource: "lambda.amazonaws.com",
    eventName: "UpdateFunctionConfiguration20150331v2",
    insightType: "ApiCallRateInsight",
    startMs: Date.UTC(2026, 10, 3, 14, 20),
    durationMinutes: 6,
    baselineAverage: 0.00213,
    baselineDurationMinutes: 10_074,
    baseline: [
      ["userIdentityArn", gh.arn, 0.00198],
      ["userAgent", cliAgent(CLI.githubRunner, "lambda.update-function-configuration"), 0.00198],
      ["errorCode", "null", 0.00213],
    ],
  };
  const loopEvents = burst(
    rng,
    gh,
    "lambda:UpdateFunctionConfiguration20150331v2",
    loop,
    64,
    "us-east-1",
    {
      error: throttleShare(rng, "lambda:UpdateFunctionConfiguration20150331v2", 0.05),
    },
  );
  out.push(...loopEvents, ...insightPair(rng, loop, loopEvents));

  const instance = inventory(PROD).network["eu-west-1"].instances[0] ?? "i-0";
  const poller: Caller = {
    identity: assumedRoleIdentity(ROLES.appServer, instance, {
      accessKeyId: `ASIA${rng.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)}`,
      creationDate: "2026-11-05T06:02:41Z",
      ec2RoleDelivery: "2.0",
    }),
    arn: `arn:aws:sts::${PROD}:assumed-role/${ROLES.appServer.name}/${instance}`,
    account: PROD,
    sourceIp: IPS.natGateway["eu-west-1"],
    agent: () => boto3Agent("6.1.112-124.190.amzn2023.x86_64"),
    tls: true,
  };
  const throttling: InsightSpec = {
    account: PROD,
    region: "eu-west-1",
    eventSource: "ec2.amazonaws.com",
    eventName: "DescribeInstances",
    insightType: "ApiErrorRateInsight",
    startMs: Date.UTC(2026, 10, 5, 9, 12),
    durationMinutes: 5,
    baselineAverage: 0.0004,
    baselineDurationMinutes: 10_080,
    baseline: [
      ["userIdentityArn", poller.arn, 0.0003],
      ["userAgent", boto3Agent("6.1.112-124.190.amzn2023.x86_64"), 0.0003],
      ["errorCode", "Client.RequestLimitExceeded", 0.0004],
    ],
  };
  const throttleEvents = burst(rng, poller, "ec2:DescribeInstances", throttling, 150, "eu-west-1", {
    error: throttleShare(rng, "ec2:DescribeInstances", 0.7),
  });
  out.push(...throttleEvents, ...insightPair(rng, throttling, throttleEvents));

  const priya = USERS.priya;
  const tf: Caller = {
    identity: iamUserIdentity(priya, priya.accessKeyId),
    arn: priya.arn,
    account: DEV,
    sourceIp: IPS.officeNyc,
    agent: (service) => terraformAgent(service),
    tls: true,
  };
  const tagging: InsightSpec = {
    account: DEV,
    region: "us-east-1",
    eventSource: "ec2.amazonaws.com",
    eventName: "CreateTags",
    insightType: "ApiCallRateInsight",
    // Late on the last day, so the sample's newest page shows an Insights pair.
    startMs: Date.UTC(2026, 10, 6, 23, 52),
    durationMinutes: 5,
    baselineAverage: 0.0117,
    baselineDurationMinutes: 10_077,
    baseline: [
      [
        "userIdentityArn",
        `arn:aws:sts::${DEV}:assumed-role/AWSServiceRoleForConfig/AWSConfig-Describe`,
        0.006,
      ],
      ["userAgent", "config.amazonaws.com", 0.006],
      ["errorCode", "null", 0.0117],
    ],
    version: "1.07",
  };
  const tagEvents = burst(rng, tf, "ec2:CreateTags", tagging, 84, "us-east-1");
  out.push(...tagEvents, ...insightPair(rng, tagging, tagEvents));
  return out;
}
