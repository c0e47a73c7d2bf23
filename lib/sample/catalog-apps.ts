import { inRegion, instanceOf, type ActionCtx, type ActionDef } from "./catalog";
import type { JsonObject } from "./types";

/** Management actions of Lambda, Secrets Manager and SSM. */

const fn = (c: ActionCtx) => c.rng.pick(inRegion(c.inv.functions, c.region));
const fnNotFound = (c: ActionCtx) => ({
  code: "ResourceNotFoundException",
  message: `Function not found: arn:aws:lambda:${c.region}:${c.account}:function:${fn(c).name}`,
});
const lambdaFn = (
  name: string,
  readOnly: boolean,
  extra: (c: ActionCtx) => JsonObject = () => ({}),
): ActionDef => ({
  service: "lambda",
  name,
  readOnly,
  notFound: fnNotFound,
  build: (c) => {
    const f = fn(c);
    return {
      req: { functionName: f.name, ...extra(c) },
      resp: readOnly
        ? null
        : {
            functionName: f.name,
            functionArn: `arn:aws:lambda:${f.region}:${c.account}:function:${f.name}`,
            runtime: "nodejs20.x",
            handler: "index.handler",
            codeSize: c.rng.int(900_000, 4_000_000),
            lastModified: new Date(c.timeMs).toISOString().replace("Z", "+0000"),
            codeSha256:
              c.rng.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 43) +
              "=",
            version: "$LATEST",
            state: "Active",
            lastUpdateStatus: "InProgress",
          },
      region: f.region,
    };
  },
});

export const LAMBDA_ACTIONS: ActionDef[] = [
  {
    service: "lambda",
    name: "ListFunctions20150331",
    readOnly: true,
    build: () => ({ req: null, resp: null }),
  },
  lambdaFn("GetFunction20150331v2", true),
  lambdaFn("GetFunctionConfiguration20150331v2", true),
  lambdaFn("ListVersionsByFunction20150331", true),
  lambdaFn("UpdateFunctionCode20150331v2", false, (c) => ({
    s3Bucket: `acme-${c.inv.account === "111122223333" ? "prod" : "dev"}-artifacts`,
    s3Key: `orders-api/${c.rng.hex(40)}.zip`,
    publish: false,
    dryRun: false,
  })),
  lambdaFn("UpdateFunctionConfiguration20150331v2", false, (c) => ({
    environment: {},
    memorySize: c.rng.pick([512, 1024]),
    timeout: 30,
  })),
];

const secret = (c: ActionCtx) => c.rng.pick(inRegion(c.inv.secrets, c.region));
const secretArn = (c: ActionCtx, s: ReturnType<typeof secret>) =>
  `arn:aws:secretsmanager:${s.region}:${c.account}:secret:${s.name}-${s.suffix}`;
const secretNotFound = () => ({
  code: "ResourceNotFoundException",
  message: "Secrets Manager can't find the specified secret.",
});

export const SECRETS_ACTIONS: ActionDef[] = [
  ...["GetSecretValue", "DescribeSecret", "GetResourcePolicy"].map((name): ActionDef => ({
    service: "secretsmanager",
    name,
    readOnly: true,
    notFound: secretNotFound,
    build: (c) => {
      const s = secret(c);
      return {
        req: { secretId: c.rng.chance(0.5) ? s.name : secretArn(c, s) },
        resp: null,
        region: s.region,
      };
    },
  })),
  {
    service: "secretsmanager",
    name: "ListSecrets",
    readOnly: true,
    build: () => ({ req: null, resp: null }),
  },
  {
    service: "secretsmanager",
    name: "PutSecretValue",
    readOnly: false,
    notFound: secretNotFound,
    build: (c) => {
      const s = secret(c);
      const versionId = c.rng.uuid();
      return {
        req: { secretId: secretArn(c, s), clientRequestToken: versionId },
        resp: { arn: secretArn(c, s), name: s.name, versionId, versionStages: ["AWSCURRENT"] },
        region: s.region,
      };
    },
  },
];

const param = (c: ActionCtx) => c.rng.pick(c.inv.parameters);

export const SSM_ACTIONS: ActionDef[] = [
  {
    service: "ssm",
    name: "GetParameter",
    readOnly: true,
    notFound: () => ({ code: "ParameterNotFound", message: "Parameter not found." }),
    build: (c) => ({ req: { name: param(c), withDecryption: true }, resp: null }),
  },
  {
    service: "ssm",
    name: "GetParameters",
    readOnly: true,
    build: (c) => ({ req: { names: [param(c), param(c)], withDecryption: true }, resp: null }),
  },
  {
    service: "ssm",
    name: "GetParametersByPath",
    readOnly: true,
    build: (c) => ({
      req: {
        path: param(c).split("/").slice(0, 3).join("/"),
        recursive: true,
        withDecryption: true,
      },
      resp: null,
    }),
  },
  {
    service: "ssm",
    name: "DescribeInstanceInformation",
    readOnly: true,
    build: () => ({ req: { maxResults: 50 }, resp: null }),
  },
  {
    service: "ssm",
    name: "UpdateInstanceInformation",
    readOnly: false,
    build: (c) => ({
      req: {
        instanceId: instanceOf(c),
        agentVersion: "3.3.987.0",
        agentStatus: "Active",
        platformType: "Linux",
        platformName: "Amazon Linux",
        platformVersion: "2023",
        iPAddress: `10.20.${c.rng.int(0, 3)}.${c.rng.int(10, 250)}`,
        computerName: `ip-10-20-${c.rng.int(0, 3)}-${c.rng.int(10, 250)}.ec2.internal`,
        agentName: "amazon-ssm-agent",
        availabilityZone: `${c.region}${c.rng.pick(["a", "b", "c"])}`,
      },
      resp: null,
    }),
  },
  {
    service: "ssm",
    name: "ListInstanceAssociations",
    readOnly: true,
    build: (c) => ({ req: { instanceId: instanceOf(c), maxResults: 20 }, resp: null }),
  },
  {
    service: "ssm",
    name: "StartSession",
    readOnly: false,
    build: (c) => {
      const sessionId = `${c.callerArn.split("/").pop() ?? "user"}-${c.rng.hex(17)}`;
      return {
        req: { target: instanceOf(c) },
        resp: {
          sessionId,
          tokenValue: "Value hidden due to security reasons.",
          streamUrl: `wss://ssmmessages.${c.region}.amazonaws.com/v1/data-channel/${sessionId}?role=publish_subscribe&cell-number=AAEAA${c.rng.hex(20)}`,
        },
      };
    },
  },
];
