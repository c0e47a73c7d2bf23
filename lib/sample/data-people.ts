import { CLI, IPS, S3_CONSOLE_AGENT, boto3Agent, cliAgent, lambdaJsAgent } from "./agents";
import { bucket, fn, roleCaller, table } from "./callers";
import { DEV, PROD, SECURITY } from "./config";
import { dynamoItem, objectKey, s3Object, type S3ObjectOp } from "./data-events";
import { PEOPLE, ROLES, USERS, sessionKey, ssoRole } from "./directory";
import { assumedRoleIdentity, iamUserIdentity } from "./identities";
import type { Bucket } from "./inventory";
import type { Rng } from "./prng";
import type { Actor } from "./schedule";
import type { Caller } from "./session";
import { iso } from "./time";
import type { GeneratedEvent } from "./types";

/** People and small jobs working with S3 objects and DynamoDB items. */

/** People working with objects by hand. */
function objectWork(
  id: string,
  perDay: number,
  hours: readonly [number, number],
  make: (rng: Rng, start: number) => Caller,
  target: Bucket,
  ops: readonly (readonly [S3ObjectOp, number])[],
): Actor {
  return {
    id,
    perDay,
    hours,
    run: (rng, start, out: GeneratedEvent[]) => {
      const caller = make(rng, start);
      let t = start;
      out.push(s3Object(rng, caller, "ListObjects", target, rng.pick(target.prefixes), t));
      for (let i = rng.int(2, 10); i > 0; i--) {
        t += rng.int(2, 90) * 1000;
        const op = rng.weighted(ops);
        out.push(
          s3Object(
            rng,
            caller,
            op,
            target,
            op === "ListObjects" ? rng.pick(target.prefixes) : objectKey(rng, target, t),
            t,
          ),
        );
      }
    },
  };
}

const aliceConsole = (rng: Rng, start: number): Caller => {
  const role = ssoRole(PROD, "AdministratorAccess");
  return {
    identity: assumedRoleIdentity(role, PEOPLE.alice.email, {
      accessKeyId: sessionKey(rng),
      creationDate: iso(start - 300_000),
    }),
    arn: `arn:aws:sts::${PROD}:assumed-role/${role.name}/${PEOPLE.alice.email}`,
    account: PROD,
    sourceIp: IPS.aliceHome,
    agent: () => S3_CONSOLE_AGENT,
    tls: true,
  };
};

const marcusCli = (): Caller => ({
  identity: iamUserIdentity(USERS.marcus, USERS.marcus.accessKeyId),
  arn: USERS.marcus.arn,
  account: DEV,
  sourceIp: IPS.marcusHome,
  agent: (_s, command) => cliAgent(CLI.marcusWsl, command),
  tls: true,
});

const carolCli = (rng: Rng, start: number): Caller => {
  const role = ssoRole(DEV, "PowerUserAccess");
  return {
    identity: assumedRoleIdentity(role, PEOPLE.carol.email, {
      accessKeyId: sessionKey(rng),
      creationDate: iso(start - 900_000),
    }),
    arn: `arn:aws:sts::${DEV}:assumed-role/${role.name}/${PEOPLE.carol.email}`,
    account: DEV,
    sourceIp: IPS.carolSydney,
    agent: (_s, command) => cliAgent(CLI.carolMac, command),
    tls: true,
  };
};

const loadTests: Actor = {
  id: "carol-load-tests",
  perDay: 1.5,
  hours: [23, 6],
  run: (rng, start, out) => {
    const caller = { ...carolCli(rng, start), agent: () => boto3Agent("23.6.0") };
    let t = start;
    for (let i = rng.int(5, 15); i > 0; i--) {
      out.push(dynamoItem(rng, caller, "PutItem", table(DEV, "load-test-results"), DEV, t));
      t += rng.int(200, 4_000);
    }
  },
};

const guardrails: Actor = {
  id: "guardrail-remediator",
  perDay: 6,
  run: (rng, start, out) => {
    const f = fn(SECURITY, "guardrail-remediator");
    const caller = roleCaller(
      rng,
      ROLES.remediator,
      f.name,
      f.region,
      start,
      lambdaJsAgent("dynamodb"),
    );
    out.push(
      dynamoItem(rng, caller, "GetItem", table(SECURITY, "guardrail-findings"), SECURITY, start),
    );
    out.push(
      dynamoItem(
        rng,
        caller,
        "PutItem",
        table(SECURITY, "guardrail-findings"),
        SECURITY,
        start + rng.int(100, 900),
      ),
    );
  },
};

export const HANDS_ON_ACTORS: readonly Actor[] = [
  objectWork(
    "alice-exports",
    1.2,
    [14, 22],
    aliceConsole,
    bucket(PROD, "acme-prod-customer-exports"),
    [
      ["GetObject", 3],
      ["ListObjects", 1],
    ],
  ),
  objectWork("marcus-sandbox", 3, [14, 23], marcusCli, bucket(DEV, "acme-dev-sandbox"), [
    ["PutObject", 3],
    ["GetObject", 3],
    ["DeleteObject", 1],
    ["ListObjects", 1],
  ]),
  objectWork("carol-scratch", 2, [22, 7], carolCli, bucket(DEV, "acme-dev-syd-scratch"), [
    ["PutObject", 2],
    ["GetObject", 3],
    ["DeleteObject", 1],
  ]),
  loadTests,
  guardrails,
];
