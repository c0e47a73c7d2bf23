import type { AccountId, Region } from "./config";
import type { AccountInventory, Bucket, Regional } from "./inventory";
import type { Rng } from "./prng";
import type { ErrorPair, Json, JsonObject } from "./types";

/** What an action builder may look at. */
export interface ActionCtx {
  rng: Rng;
  account: AccountId;
  region: Region;
  inv: AccountInventory;
  timeMs: number;
  callerArn: string;
}

/** The parts of a record an action decides. */
export interface ActionOutput {
  req: JsonObject | null;
  resp?: Json;
  resources?: JsonObject[];
  additional?: JsonObject;
  /** The Region the call is recorded in when it differs from the caller's (an S3 bucket's Region). */
  region?: Region;
  /** A failure that follows from the request (a bucket without a policy). */
  fail?: ErrorPair;
}

export interface ActionDef {
  /** Service prefix: `ec2` for `ec2.amazonaws.com`. */
  service: string;
  name: string;
  readOnly: boolean;
  build: (c: ActionCtx) => ActionOutput;
  /** The "not found" failure of this action, used for a share of the injected errors. */
  notFound?: (c: ActionCtx, req: JsonObject | null) => ErrorPair;
  apiVersion?: string;
}

export const eventSourceOf = (service: string): string => `${service}.amazonaws.com`;

export function actionKey(service: string, name: string): string {
  return `${service}:${name}`;
}

// ---- small helpers shared by the catalog files ----

export function inRegion<T extends Regional | Bucket>(items: readonly T[], region: Region): T[] {
  const local = items.filter((i) => i.region === region);
  return local.length > 0 ? local : [...items];
}

export function instanceOf(c: ActionCtx): string {
  const own = c.inv.network[c.region].instances;
  const all = own.length > 0 ? own : c.inv.network["us-east-1"].instances;
  return all.length > 0 ? c.rng.pick(all) : "i-0f00000000000000a";
}

export function kmsKeyArn(c: ActionCtx): string {
  return `arn:aws:kms:${c.region}:${c.account}:key/${c.rng.pick(c.inv.network[c.region].kmsKeys)}`;
}

export function bucketOf(c: ActionCtx): Bucket {
  return c.rng.pick(c.inv.buckets);
}

export function s3Host(bucket: Bucket): string {
  return `${bucket.name}.s3.${bucket.region}.amazonaws.com`;
}

export function bucketResource(account: AccountId, bucket: Bucket): JsonObject {
  return { accountId: account, type: "AWS::S3::Bucket", ARN: `arn:aws:s3:::${bucket.name}` };
}

export function requestId(c: ActionCtx): string {
  return c.rng.uuid();
}
