import type { ActionCtx, ActionDef } from "./catalog";
import { stsDate } from "./time";
import type { JsonObject } from "./types";

/** Management actions of IAM and STS. */

const userOf = (c: ActionCtx) =>
  c.rng.pick([
    "ci-deploy",
    "legacy-reporting",
    "marcus.lee",
    "priya.natarajan",
    "break-glass-admin",
  ]);
const roleOf = (c: ActionCtx) => c.rng.pick(c.inv.roleNames);
const noSuchRole = (c: ActionCtx, req: JsonObject | null) => ({
  code: "NoSuchEntityException",
  message: `The role with name ${String(req?.roleName ?? roleOf(c))} cannot be found.`,
});
const iamRead = (
  name: string,
  req: (c: ActionCtx) => JsonObject | null,
  nf?: ActionDef["notFound"],
): ActionDef => ({
  service: "iam",
  name,
  readOnly: true,
  notFound: nf,
  build: (c) => ({ req: req(c), resp: null }),
});

const TRUST = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
  ],
});

const IAM_READS_AND_WRITES: ActionDef[] = [
  iamRead("GetUser", (c) => ({ userName: userOf(c) })),
  iamRead("ListUsers", () => null),
  iamRead("ListRoles", () => null),
  iamRead("GetRole", (c) => ({ roleName: roleOf(c) }), noSuchRole),
  iamRead("ListAttachedRolePolicies", (c) => ({ roleName: roleOf(c) }), noSuchRole),
  iamRead("ListRolePolicies", (c) => ({ roleName: roleOf(c) }), noSuchRole),
  iamRead("ListAttachedUserPolicies", (c) => ({ userName: userOf(c) })),
  iamRead("ListAccessKeys", (c) => ({ userName: userOf(c) })),
  iamRead("GetPolicy", (c) => ({
    policyArn: `arn:aws:iam::${c.account}:policy/orders-data-access`,
  })),
  iamRead("GetPolicyVersion", (c) => ({
    policyArn: `arn:aws:iam::${c.account}:policy/orders-data-access`,
    versionId: c.rng.pick(["v3", "v4"]),
  })),
  iamRead("GetAccountPasswordPolicy", () => null),
  iamRead("GetAccountSummary", () => null),
  iamRead("ListMFADevices", (c) => ({ userName: userOf(c) })),
  iamRead("GetAccountAuthorizationDetails", () => ({
    filter: ["User", "Role", "Group", "LocalManagedPolicy"],
  })),
  {
    service: "iam",
    name: "CreateRole",
    readOnly: false,
    build: (c) => {
      const roleName = `orders-worker-${c.rng.hex(6)}`;
      return {
        req: { roleName, assumeRolePolicyDocument: TRUST, description: "orders worker" },
        resp: {
          role: {
            path: "/",
            roleName,
            roleId: `AROA${c.rng.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 17)}`,
            arn: `arn:aws:iam::${c.account}:role/${roleName}`,
            createDate: stsDate(c.timeMs),
            assumeRolePolicyDocument: encodeURIComponent(TRUST),
          },
        },
      };
    },
  },
  {
    service: "iam",
    name: "PutRolePolicy",
    readOnly: false,
    notFound: noSuchRole,
    build: (c) => ({
      req: {
        roleName: roleOf(c),
        policyName: "inline-ssm-read",
        policyDocument: JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Action: ["ssm:GetParameter"], Resource: "*" }],
        }),
      },
      resp: null,
    }),
  },
  {
    service: "iam",
    name: "AttachRolePolicy",
    readOnly: false,
    notFound: noSuchRole,
    build: (c) => ({
      req: {
        roleName: roleOf(c),
        policyArn: c.rng.pick([
          "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
          "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
        ]),
      },
      resp: null,
    }),
  },
];

/** Identity writes; the incident fills in their responses. */
const USER_WRITES: ActionDef[] = [
  ...(["CreateUser", "CreateAccessKey", "AttachUserPolicy", "DeleteAccessKey"] as const).map(
    (name): ActionDef => ({
      service: "iam",
      name,
      readOnly: false,
      build: (c) => ({ req: { userName: userOf(c) }, resp: null }),
    }),
  ),
];

export const IAM_ACTIONS: ActionDef[] = [...IAM_READS_AND_WRITES, ...USER_WRITES];

export const STS_ACTIONS: ActionDef[] = [
  {
    service: "sts",
    name: "GetCallerIdentity",
    readOnly: true,
    build: () => ({ req: null, resp: null }),
  },
];
