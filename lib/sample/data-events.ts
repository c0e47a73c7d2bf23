import { bucketResource } from "./catalog";
import { s3Additional } from "./catalog-storage";
import type { AccountId } from "./config";
import { dynamoRequestId, s3RequestId } from "./ids";
import type { Bucket, Regional } from "./inventory";
import type { Rng } from "./prng";
import { buildRecord, toEvent, type RecordSpec } from "./record";
import type { Caller } from "./session";
import { isoDay } from "./time";
import type { ErrorPair, GeneratedEvent, JsonObject } from "./types";

/** Builders of data events: S3 object calls, Lambda Invoke, DynamoDB item calls. */

export type S3ObjectOp = "GetObject" | "PutObject" | "DeleteObject" | "ListObjects";

export interface DataOptions {
  error?: ErrorPair;
  userAgent?: string;
  bytes?: number;
  /** Which account receives the record (the resource owner); the caller's account by default. */
  owner?: AccountId;
  /** Set when another account receives a copy of the event (a cross-account call). */
  sharedEventId?: string;
}

function dataEvent(
  rng: Rng,
  caller: Caller,
  spec: Omit<RecordSpec, "category" | "managementEvent" | "identity" | "recipient">,
  owner: AccountId,
): GeneratedEvent {
  const full: RecordSpec = {
    ...spec,
    identity: caller.identity,
    sourceIp: spec.sourceIp ?? caller.sourceIp,
    recipient: owner,
    category: "Data",
    managementEvent: false,
  };
  return toEvent(buildRecord(rng, full), full);
}

export function s3Object(
  rng: Rng,
  caller: Caller,
  op: S3ObjectOp,
  bucket: Bucket,
  keyOrPrefix: string,
  timeMs: number,
  o: DataOptions = {},
): GeneratedEvent {
  const owner = o.owner ?? caller.account;
  const host = `${bucket.name}.s3.${bucket.region}.amazonaws.com`;
  const additional = s3Additional(rng);
  const bytes = o.bytes ?? rng.int(2_000, 900_000);
  if (op === "GetObject" && !o.error) additional.bytesTransferredOut = bytes;
  if (op === "PutObject") additional.bytesTransferredIn = bytes;
  if (op === "ListObjects" && !o.error) additional.bytesTransferredOut = rng.int(900, 24_000);
  const req: JsonObject =
    op === "ListObjects"
      ? {
          "list-type": "2",
          bucketName: bucket.name,
          "encoding-type": "url",
          prefix: keyOrPrefix,
          delimiter: "/",
          Host: host,
        }
      : { bucketName: bucket.name, Host: host, key: keyOrPrefix };
  const resp =
    op === "PutObject" && !o.error
      ? {
          "x-amz-server-side-encryption": "aws:kms",
          "x-amz-server-side-encryption-aws-kms-key-id": `arn:aws:kms:${bucket.region}:${owner}:key/${rng.uuid()}`,
        }
      : null;
  // A listing names the objects it covers by their common prefix, as S3 records it.
  const resources: JsonObject[] =
    op === "ListObjects"
      ? [
          { type: "AWS::S3::Object", ARNPrefix: `arn:aws:s3:::${bucket.name}/${keyOrPrefix}` },
          bucketResource(owner, bucket),
        ]
      : [
          { type: "AWS::S3::Object", ARN: `arn:aws:s3:::${bucket.name}/${keyOrPrefix}` },
          bucketResource(owner, bucket),
        ];
  return dataEvent(
    rng,
    caller,
    {
      timeMs,
      eventSource: "s3.amazonaws.com",
      eventName: op,
      region: bucket.region,
      userAgent:
        o.userAgent ??
        caller.agent(
          "s3",
          op === "ListObjects"
            ? "s3.ls"
            : op === "PutObject"
              ? "s3.cp"
              : op === "DeleteObject"
                ? "s3.rm"
                : "s3.cp",
        ),
      error: o.error,
      req,
      resp,
      additional,
      requestId: s3RequestId(rng),
      readOnly: op === "GetObject" || op === "ListObjects",
      resources,
      sharedEventId: o.sharedEventId,
      tlsHost: caller.tls ? host : undefined,
    },
    owner,
  );
}

export function lambdaInvoke(
  rng: Rng,
  caller: Caller,
  fn: Regional,
  owner: AccountId,
  timeMs: number,
  sourceArn?: string,
): GeneratedEvent {
  const arn = `arn:aws:lambda:${fn.region}:${owner}:function:${fn.name}`;
  return dataEvent(
    rng,
    caller,
    {
      timeMs,
      eventSource: "lambda.amazonaws.com",
      eventName: "Invoke",
      region: fn.region,
      userAgent: caller.agent("lambda", "lambda.invoke"),
      req: { functionName: arn, sourceArn },
      resp: null,
      additional: { functionVersion: `${arn}:$LATEST` },
      readOnly: false,
      resources: [{ accountId: owner, type: "AWS::Lambda::Function", ARN: arn }],
      tlsHost: caller.tls ? `lambda.${fn.region}.amazonaws.com` : undefined,
    },
    owner,
  );
}

export type DynamoOp = "GetItem" | "PutItem" | "Query" | "UpdateItem";

const KEY_ATTRS: Record<string, readonly [string, string]> = {
  orders: ["orderId", "ORD-"],
  customers: ["customerId", "CUS-"],
  sessions: ["sessionId", "SES-"],
  "orders-dev": ["orderId", "ORD-"],
  "load-test-results": ["runId", "RUN-"],
  "guardrail-findings": ["findingId", "FND-"],
};

export function dynamoItem(
  rng: Rng,
  caller: Caller,
  op: DynamoOp,
  table: Regional,
  owner: AccountId,
  timeMs: number,
  o: DataOptions = {},
): GeneratedEvent {
  const [attr, prefix] = KEY_ATTRS[table.name] ?? ["pk", "ID-"];
  const key: JsonObject = { [attr]: `${prefix}${rng.int(100000, 999999)}` };
  let req: JsonObject;
  if (op === "GetItem")
    req = { tableName: table.name, key, consistentRead: false, projectionExpression: undefined };
  else if (op === "PutItem")
    req = {
      tableName: table.name,
      key,
      item: [attr, "status", "createdAt", "total"],
      returnConsumedCapacity: "NONE",
    };
  else if (op === "Query")
    req = {
      tableName: table.name,
      indexName: table.name === "orders" ? "customerId-createdAt-index" : undefined,
      keyConditionExpression: "#pk = :pk",
      expressionAttributeNames: { "#pk": table.name === "orders" ? "customerId" : attr },
      limit: 25,
      scanIndexForward: false,
    };
  else
    req = {
      tableName: table.name,
      key,
      updateExpression: "SET #s = :s, updatedAt = :u",
      expressionAttributeNames: { "#s": "status" },
      conditionExpression: "attribute_exists(#s)",
      returnValues: "UPDATED_NEW",
    };
  const error =
    o.error ??
    (op === "UpdateItem" && rng.chance(0.03)
      ? { code: "ConditionalCheckFailedException", message: "The conditional request failed" }
      : undefined);
  const arn = `arn:aws:dynamodb:${table.region}:${owner}:table/${table.name}`;
  return dataEvent(
    rng,
    caller,
    {
      timeMs,
      eventSource: "dynamodb.amazonaws.com",
      eventName: op,
      region: table.region,
      userAgent: caller.agent(
        "dynamodb",
        `dynamodb.${op.replace(/([a-z])([A-Z])/g, "$1-$2").toLowerCase()}`,
      ),
      error,
      req,
      resp: null,
      requestId: dynamoRequestId(rng),
      readOnly: op === "GetItem" || op === "Query",
      resources: [{ accountId: owner, type: "AWS::DynamoDB::Table", ARN: arn }],
      apiVersion: "2012-08-10",
      tlsHost: caller.tls ? `dynamodb.${table.region}.amazonaws.com` : undefined,
    },
    owner,
  );
}

/** A plausible object key in one of the sample buckets. */
export function objectKey(rng: Rng, bucket: Bucket, timeMs: number): string {
  const prefix = rng.pick(bucket.prefixes);
  const day = isoDay(timeMs).replace(/-/g, "");
  switch (prefix) {
    case "exports/2026/10/":
    case "exports/2026/11/":
      return `${prefix}customers-${prefix.includes("/10/") ? "202610" + String(rng.int(1, 31)).padStart(2, "0") : day}-${String(rng.int(0, 23)).padStart(4, "0")}.csv.gz`;
    case "static/js/":
      return `${prefix}${rng.pick(["main", "vendor", "checkout"])}.${rng.hex(8)}.js`;
    case "static/img/":
      return `${prefix}${rng.pick(["logo", "hero", "badge", "icon"])}-${rng.int(1, 40)}.png`;
    case "templates/":
      return `${prefix}${rng.pick(["invoice-v3.html", "receipt-v2.html", "reminder.html"])}`;
    case "daily/":
      return `${prefix}${isoDay(timeMs)}/orders-summary.parquet`;
    case "monthly/":
      return `${prefix}2026-10/revenue.parquet`;
    case "tmp/":
      return `${prefix}${rng.uuid()}.json`;
    case "fixtures/":
      return `${prefix}orders-${rng.int(1, 60)}.json`;
    case "notebooks/":
      return `${prefix}analysis-${rng.int(1, 12)}.ipynb`;
    case "scratch/":
      return `${prefix}loadtest-${rng.int(1, 300)}.csv`;
    case "AWSLogs/":
      return `${prefix}${rng.hex(12)}.json.gz`;
    default:
      return `${prefix}${rng.hex(40)}.zip`;
  }
}
