import { action } from "./actions";
import { AWS_INTERNAL } from "./agents";
import { eventSourceOf, type ActionCtx, type ActionDef } from "./catalog";
import { GLOBAL_SERVICES, type AccountId, type Region } from "./config";
import { randomError } from "./errors";
import { s3RequestId } from "./ids";
import { inventory } from "./inventory";
import type { Rng } from "./prng";
import { managementEvent } from "./record";
import type { ErrorPair, GeneratedEvent, JsonObject } from "./types";

/** Who makes a series of calls, from where, with which client. */
export interface Caller {
  identity: JsonObject;
  /** ARN used in AccessDenied messages. */
  arn: string;
  /** The account the calls land in. */
  account: AccountId;
  sourceIp: string;
  agent: (service: string, command: string) => string;
  /** Clients send TLS details; AWS services and "AWS Internal" calls do not. */
  tls: boolean;
  /** Console sessions: sessionCredentialFromConsole, and a share of calls made by "AWS Internal". */
  console?: boolean;
  errorRate?: number;
}

export interface CallOptions {
  /** Force this failure (or no failure with `null`). */
  error?: ErrorPair | null;
  /** Replace the request parameters. */
  req?: JsonObject | null;
  /** Force the userAgent. */
  userAgent?: string;
}

const CLI_SERVICE: Record<string, string> = { monitoring: "cloudwatch", s3: "s3api" };

function cliCommand(def: ActionDef): string {
  const op = def.name
    .replace(/\d{8}(v\d)?$/, "")
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .toLowerCase();
  return `${CLI_SERVICE[def.service] ?? def.service}.${op}`;
}

function hostFor(service: string, region: Region, req: JsonObject | null): string {
  if (typeof req?.Host === "string") return req.Host;
  if (service === "iam") return "iam.amazonaws.com";
  return `${service}.${region}.amazonaws.com`;
}

/** One management API call of `caller`, made at `timeMs` from `region`. */
export function call(
  rng: Rng,
  caller: Caller,
  key: string,
  timeMs: number,
  region: Region,
  options: CallOptions = {},
): GeneratedEvent {
  const def = action(key);
  const ctx: ActionCtx = {
    rng,
    account: caller.account,
    region,
    inv: inventory(caller.account),
    timeMs,
    callerArn: caller.arn,
  };
  const out = def.build(ctx);
  const req = options.req !== undefined ? options.req : out.req;
  const source = eventSourceOf(def.service);
  const recordRegion: Region = GLOBAL_SERVICES.has(source) ? "us-east-1" : (out.region ?? region);
  let error: ErrorPair | undefined;
  if (options.error !== undefined) error = options.error ?? undefined;
  else if (out.fail && rng.chance(0.9)) error = out.fail;
  else if (rng.chance(caller.errorRate ?? 0.02)) error = randomError(rng, ctx, def, req);
  const internal = caller.console === true && def.service !== "s3" && rng.chance(0.3);
  return managementEvent(rng, {
    identity: caller.identity,
    timeMs,
    eventSource: source,
    eventName: def.name,
    region: recordRegion,
    sourceIp: internal ? AWS_INTERNAL : caller.sourceIp,
    userAgent:
      options.userAgent ?? (internal ? AWS_INTERNAL : caller.agent(def.service, cliCommand(def))),
    error,
    req,
    resp: error ? null : (out.resp ?? null),
    additional: out.additional,
    requestId: def.service === "s3" ? s3RequestId(rng) : undefined,
    readOnly: def.readOnly,
    resources: out.resources,
    apiVersion: def.apiVersion,
    recipient: caller.account,
    tlsHost: caller.tls && !internal ? hostFor(def.service, recordRegion, req) : undefined,
    fromConsole: caller.console,
  });
}

export interface SessionPlan {
  caller: Caller;
  /** `[actionKey, weight]` pairs. */
  actions: readonly (readonly [string, number])[];
  startMs: number;
  count: number;
  /** Seconds between calls. */
  gap: readonly [number, number];
  regions: readonly (readonly [Region, number])[];
}

/** A burst of calls by one caller; returns the time of the last call. */
export function runSession(rng: Rng, plan: SessionPlan, out: GeneratedEvent[]): number {
  let t = plan.startMs;
  const home = rng.weighted(plan.regions);
  for (let i = 0; i < plan.count; i++) {
    const region = rng.chance(0.85) ? home : rng.weighted(plan.regions);
    out.push(call(rng, plan.caller, rng.weighted(plan.actions), t, region));
    t += rng.int(plan.gap[0], plan.gap[1]) * 1000 + rng.int(0, 999);
  }
  return t;
}
