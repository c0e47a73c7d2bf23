import { SSM_AGENT, boto3Agent, lambdaJsAgent, natIp } from "./agents";
import { DEV, PROD, SECURITY, type AccountId, type Region } from "./config";
import { ROLES, configRole, sessionKey } from "./directory";
import { assumedRoleIdentity, awsServiceIdentity, type IamRole } from "./identities";
import { inventory, type Regional } from "./inventory";
import { CONFIG_MIX, type Mix } from "./mixes";
import type { Rng } from "./prng";
import type { Actor } from "./schedule";
import { SECURITY_ACTORS } from "./security-actors";
import { runSession, type Caller } from "./session";
import { assumeRole } from "./sts-flows";
import { iso } from "./time";
import type { GeneratedEvent } from "./types";
/** Machine activity: instances, Lambda functions, AWS Config. */

const KERNEL = "6.1.112-124.190.amzn2023.x86_64";

/** The AWS service fetching credentials for a role (instance profile, Lambda, Config). */
function serviceAssume(
  rng: Rng,
  service: string,
  role: IamRole,
  sessionName: string,
  t: number,
  region: Region,
): GeneratedEvent {
  return assumeRole(rng, {
    identity: awsServiceIdentity(service),
    recipient: role.account,
    role,
    sessionName,
    timeMs: t,
    region,
    sourceIp: service,
    userAgent: service,
    tls: false,
  }).event;
}

const APP_MIX: Mix = [
  ["ssm:UpdateInstanceInformation", 3],
  ["ssm:ListInstanceAssociations", 1],
  ["ssm:GetParameters", 2],
  ["ssm:GetParameter", 2],
  ["secretsmanager:GetSecretValue", 3],
  ["kms:Decrypt", 5],
  ["kms:GenerateDataKey", 3],
  ["ec2:DescribeTags", 1],
  ["logs:CreateLogStream", 0.5],
];

const appServers: Actor = {
  id: "app-servers",
  perDay: 44,
  run: (rng, start, out) => {
    const region = rng.weighted<Region>([
      ["us-east-1", 7],
      ["eu-west-1", 3],
      ["ap-southeast-2", 1],
    ]);
    const instance = rng.pick(inventory(PROD).network[region].instances);
    const role = ROLES.appServer;
    if (rng.chance(0.25))
      out.push(serviceAssume(rng, "ec2.amazonaws.com", role, instance, start - 2_000, region));
    const caller: Caller = {
      identity: assumedRoleIdentity(role, instance, {
        accessKeyId: sessionKey(rng),
        creationDate: iso(start - rng.int(60, 6 * 3600) * 1000),
        ec2RoleDelivery: "2.0",
      }),
      arn: `arn:aws:sts::${PROD}:assumed-role/${role.name}/${instance}`,
      account: PROD,
      sourceIp: natIp(region),
      agent: (service) => (service === "ssm" ? SSM_AGENT : boto3Agent(KERNEL)),
      tls: true,
      errorRate: 0.01,
    };
    runSession(
      rng,
      {
        caller,
        actions: APP_MIX,
        startMs: start,
        count: rng.int(8, 20),
        gap: [1, 40],
        regions: [[region, 1]],
      },
      out,
    );
  },
};

const LAMBDA_MIX: Mix = [
  ["kms:Decrypt", 5],
  ["secretsmanager:GetSecretValue", 3],
  ["ssm:GetParameter", 2],
];

function lambdaRole(account: AccountId, fn: Regional): IamRole {
  if (account === DEV) return ROLES.devApp;
  if (fn.name.startsWith("invoice")) return ROLES.invoiceLambda;
  if (fn.name.startsWith("export")) return ROLES.exportLambda;
  return ROLES.ordersLambda;
}

/** Cold starts: Lambda fetches role credentials, the function reads its secrets. */
function lambdaColdStarts(account: AccountId, perDay: number): Actor {
  return {
    id: `lambda-cold-starts-${account}`,
    perDay,
    run: (rng, start, out) => {
      const fn = rng.pick(inventory(account).functions);
      const role = lambdaRole(account, fn);
      out.push(serviceAssume(rng, "lambda.amazonaws.com", role, fn.name, start, fn.region));
      const caller: Caller = {
        identity: assumedRoleIdentity(role, fn.name, {
          accessKeyId: sessionKey(rng),
          creationDate: iso(start),
        }),
        arn: `arn:aws:sts::${account}:assumed-role/${role.name}/${fn.name}`,
        account,
        sourceIp: natIp(fn.region),
        agent: (service) =>
          lambdaJsAgent(service === "secretsmanager" ? "secrets-manager" : service),
        tls: true,
        errorRate: 0.01,
      };
      runSession(
        rng,
        {
          caller,
          actions: LAMBDA_MIX,
          startMs: start + 400,
          count: rng.int(2, 6),
          gap: [0, 2],
          regions: [[fn.region, 1]],
        },
        out,
      );
    },
  };
}

const CONFIG_REGIONS: Record<AccountId, readonly (readonly [Region, number])[]> = {
  "111122223333": [
    ["us-east-1", 5],
    ["eu-west-1", 3],
    ["ap-southeast-2", 1],
  ],
  "444455556666": [
    ["us-east-1", 5],
    ["eu-west-1", 1],
    ["ap-southeast-2", 3],
  ],
  "777788889999": [
    ["us-east-1", 6],
    ["eu-west-1", 1],
    ["ap-southeast-2", 1],
  ],
};

/** AWS Config's recorder describing resources through its service-linked role. */
function configRecorder(account: AccountId, perDay: number): Actor {
  return {
    id: `config-${account}`,
    perDay,
    run: (rng, start, out) => {
      const role = configRole(account);
      const region = rng.weighted(CONFIG_REGIONS[account]);
      if (rng.chance(0.1))
        out.push(
          serviceAssume(
            rng,
            "config.amazonaws.com",
            role,
            "AWSConfig-Describe",
            start - 1_000,
            region,
          ),
        );
      const caller: Caller = {
        identity: assumedRoleIdentity(role, "AWSConfig-Describe", {
          accessKeyId: sessionKey(rng),
          creationDate: iso(start - rng.int(60, 3000) * 1000),
          invokedBy: "config.amazonaws.com",
        }),
        arn: `arn:aws:sts::${account}:assumed-role/${role.name}/AWSConfig-Describe`,
        account,
        sourceIp: "config.amazonaws.com",
        agent: () => "config.amazonaws.com",
        tls: false,
        errorRate: 0.005,
      };
      runSession(
        rng,
        {
          caller,
          actions: CONFIG_MIX,
          startMs: start,
          count: rng.int(3, 10),
          gap: [0, 3],
          regions: [[region, 1]],
        },
        out,
      );
    },
  };
}

export const WORKLOAD_ACTORS: readonly Actor[] = [
  appServers,
  lambdaColdStarts(PROD, 60),
  lambdaColdStarts(DEV, 12),
  configRecorder(PROD, 33),
  configRecorder(DEV, 25),
  configRecorder(SECURITY, 20),
  ...SECURITY_ACTORS,
];
