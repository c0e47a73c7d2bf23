import {
  bucketOf,
  bucketResource,
  inRegion,
  kmsKeyArn,
  s3Host,
  type ActionCtx,
  type ActionDef,
} from "./catalog";
import type { Rng } from "./prng";
import type { JsonObject } from "./types";

/** Management actions of S3 (bucket level), KMS and DynamoDB. */

const s3Bucket = (
  name: string,
  readOnly: boolean,
  extra?: (c: ActionCtx) => JsonObject,
): ActionDef => ({
  service: "s3",
  name,
  readOnly,
  build: (c) => {
    const bucket = bucketOf(c);
    const noPolicy = name === "GetBucketPolicy" && !bucket.hasPolicy;
    return {
      req: {
        bucketName: bucket.name,
        Host: s3Host(bucket),
        ...(extra ? extra(c) : { [queryFlag(name)]: "" }),
      },
      resp: null,
      resources: [bucketResource(c.account, bucket)],
      region: bucket.region,
      additional: s3Additional(c.rng),
      fail: noPolicy
        ? { code: "NoSuchBucketPolicy", message: "The bucket policy does not exist" }
        : undefined,
    };
  },
  notFound: () => ({ code: "NoSuchBucket", message: "The specified bucket does not exist" }),
});

/** `GetBucketAcl` is sent as `?acl`; CloudTrail records the flag with an empty value. */
function queryFlag(name: string): string {
  const flag = name.replace(/^(Get|Put)Bucket/, "");
  return flag.length > 0 ? flag.charAt(0).toLowerCase() + flag.slice(1) : "location";
}

export function s3Additional(rng: Rng): JsonObject {
  return {
    SignatureVersion: "SigV4",
    CipherSuite: "TLS_AES_128_GCM_SHA256",
    bytesTransferredIn: 0,
    AuthenticationMethod: "AuthHeader",
    "x-amz-id-2": `${rng.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 74)}=`,
    bytesTransferredOut: 0,
  };
}

const kms = (name: string, req: (c: ActionCtx) => JsonObject | null): ActionDef => ({
  service: "kms",
  name,
  readOnly: true,
  build: (c) => {
    const keyArn = kmsKeyArn(c);
    const r = req(c);
    return {
      req: r,
      resp: null,
      resources: name.startsWith("List")
        ? undefined
        : [{ accountId: c.account, type: "AWS::KMS::Key", ARN: keyArn }],
    };
  },
});

const ENC_CONTEXT = (c: ActionCtx): JsonObject => ({
  "aws:lambda:FunctionArn": `arn:aws:lambda:${c.region}:${c.account}:function:${c.rng.pick(inRegion(c.inv.functions, c.region)).name}`,
});

export const S3_ACTIONS: ActionDef[] = [
  {
    service: "s3",
    name: "ListBuckets",
    readOnly: true,
    build: (c) => ({
      req: { Host: "s3.amazonaws.com" },
      resp: null,
      region: "us-east-1",
      additional: s3Additional(c.rng),
    }),
  },
  s3Bucket("GetBucketAcl", true),
  s3Bucket("GetBucketPolicy", true),
  s3Bucket("GetBucketLocation", true),
  s3Bucket("GetBucketVersioning", true),
  s3Bucket("GetBucketEncryption", true),
  s3Bucket("GetBucketPublicAccessBlock", true),
  s3Bucket("GetBucketTagging", true),
  s3Bucket("GetBucketLogging", true),
  s3Bucket("PutBucketTagging", false, (c) => ({
    tagging: "",
    Tagging: {
      xmlns: "http://s3.amazonaws.com/doc/2006-03-01/",
      TagSet: { Tag: [{ Key: "cost-center", Value: c.rng.pick(["orders", "platform"]) }] },
    },
  })),
];

export const KMS_ACTIONS: ActionDef[] = [
  kms("Decrypt", (c) => ({
    encryptionAlgorithm: "SYMMETRIC_DEFAULT",
    encryptionContext: ENC_CONTEXT(c),
  })),
  kms("GenerateDataKey", (c) => ({ keyId: kmsKeyArn(c), keySpec: "AES_256" })),
  kms("Encrypt", (c) => ({ keyId: kmsKeyArn(c), encryptionAlgorithm: "SYMMETRIC_DEFAULT" })),
  kms("DescribeKey", (c) => ({ keyId: kmsKeyArn(c) })),
  kms("ListAliases", () => null),
  kms("ListKeys", () => null),
];

const table = (c: ActionCtx) => c.rng.pick(inRegion(c.inv.tables, c.region));
const tableNotFound = () => ({
  code: "ResourceNotFoundException",
  message: "Requested resource not found",
});

export const DYNAMODB_ACTIONS: ActionDef[] = [
  ...["DescribeTable", "DescribeContinuousBackups", "DescribeTimeToLive"].map(
    (name): ActionDef => ({
      service: "dynamodb",
      name,
      readOnly: true,
      apiVersion: "2012-08-10",
      notFound: tableNotFound,
      build: (c) => {
        const t = table(c);
        return {
          req: { tableName: t.name },
          resp: null,
          resources: [
            {
              accountId: c.account,
              type: "AWS::DynamoDB::Table",
              ARN: `arn:aws:dynamodb:${t.region}:${c.account}:table/${t.name}`,
            },
          ],
          region: t.region,
        };
      },
    }),
  ),
  {
    service: "dynamodb",
    name: "ListTables",
    readOnly: true,
    apiVersion: "2012-08-10",
    build: () => ({ req: null, resp: null }),
  },
];
