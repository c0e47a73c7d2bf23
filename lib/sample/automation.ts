import { CLI, IPS, LEGACY_BOTO3_AGENT, cliAgent } from "./agents";
import { DEV, PROD, type AccountId, type Region } from "./config";
import { dynamoItem, objectKey, s3Object } from "./data-events";
import { GITHUB_OIDC, ROLES, USERS } from "./directory";
import { assumedRoleIdentity, federatedUserIdentity, iamUserIdentity } from "./identities";
import { inventory, type Bucket } from "./inventory";
import type { Rng } from "./prng";
import type { Actor } from "./schedule";
import { call, type Caller } from "./session";
import { assumeRoleWithWebIdentity, getFederationToken, mirrorToAccount } from "./sts-flows";
import { iso } from "./time";
import type { GeneratedEvent } from "./types";

/** Pipelines and batch jobs: the ci-deploy user, GitHub Actions, a federated reporting job. */

function bucket(account: AccountId, name: string): Bucket {
  const found = inventory(account).buckets.find((b) => b.name === name);
  if (!found) throw new Error(`no bucket ${name}`);
  return found;
}

/** Calls `keys` in order, a few seconds apart; returns the time after the last one. */
function sequence(
  rng: Rng,
  caller: Caller,
  keys: readonly string[],
  start: number,
  region: Region,
  out: GeneratedEvent[],
  gap: readonly [number, number] = [1, 12],
): number {
  let t = start;
  for (const key of keys) {
    out.push(call(rng, caller, key, t, region));
    t += rng.int(gap[0], gap[1]) * 1000 + rng.int(0, 999);
  }
  return t;
}

const repeat = (key: string, n: number): string[] => Array.from({ length: n }, () => key);

/** The legit deploy job that uses the ci-deploy access key (the key that leaks). */
function ciDeployCaller(): Caller {
  const user = USERS.ciDeploy;
  return {
    identity: iamUserIdentity(user, user.accessKeyId),
    arn: user.arn,
    account: user.account,
    sourceIp: IPS.jenkins,
    agent: (_service, command) => cliAgent(CLI.jenkins, command),
    tls: true,
    errorRate: 0.01,
  };
}

const ciDeploy: Actor = {
  id: "ci-deploy",
  perDay: 7,
  hours: [13, 23],
  run: (rng, start, out) => {
    const caller = ciDeployCaller();
    const region: Region = rng.chance(0.75) ? "us-east-1" : "eu-west-1";
    let t = sequence(
      rng,
      caller,
      ["sts:GetCallerIdentity", "ecr:GetAuthorizationToken", "cloudformation:DescribeStacks"],
      start,
      region,
      out,
    );
    const artifacts = bucket(PROD, "acme-prod-artifacts");
    out.push(
      s3Object(rng, caller, "PutObject", artifacts, objectKey(rng, artifacts, t), t, {
        bytes: rng.int(3_000_000, 9_000_000),
      }),
    );
    t += rng.int(5, 20) * 1000;
    const keys = [
      "cloudformation:CreateChangeSet",
      ...repeat("cloudformation:DescribeChangeSet", rng.int(2, 4)),
      "cloudformation:ExecuteChangeSet",
      ...repeat("cloudformation:DescribeStacks", rng.int(3, 8)),
      ...repeat("cloudformation:DescribeStackEvents", rng.int(1, 3)),
      "lambda:GetFunction20150331v2",
    ];
    sequence(rng, caller, keys, t, region, out, [3, 20]);
  },
};

const REPOS: Partial<Record<AccountId, readonly string[]>> = {
  [PROD]: ["repo:acme/orders-api:ref:refs/heads/main", "repo:acme/web:environment:production"],
  [DEV]: ["repo:acme/orders-api:pull_request", "repo:acme/web:ref:refs/heads/develop"],
};

function githubActions(account: AccountId, perDay: number): Actor {
  return {
    id: `github-actions-${account}`,
    perDay,
    hours: [12, 24],
    run: (rng, start, out) => {
      const role = account === PROD ? ROLES.githubProd : ROLES.githubDev;
      const runner = rng.pick(IPS.githubRunners);
      const provider = GITHUB_OIDC(account);
      const region: Region = "us-east-1";
      const issued = assumeRoleWithWebIdentity(
        rng,
        role,
        provider,
        rng.pick(REPOS[account] ?? ["repo:acme/orders-api:ref:refs/heads/main"]),
        "GitHubActions",
        start,
        runner,
        region,
      );
      out.push(issued.event);
      const caller: Caller = {
        identity: assumedRoleIdentity(role, "GitHubActions", {
          accessKeyId: issued.accessKeyId,
          creationDate: iso(start),
          webIdentityProvider: provider,
        }),
        arn: `arn:aws:sts::${account}:assumed-role/${role.name}/GitHubActions`,
        account,
        sourceIp: runner,
        agent: (_service, command) => cliAgent(CLI.githubRunner, command),
        tls: true,
        errorRate: 0.015,
      };
      let t = sequence(
        rng,
        caller,
        ["sts:GetCallerIdentity", "ecr:GetAuthorizationToken", "ecr:DescribeImages"],
        start + 3_000,
        region,
        out,
      );
      const artifacts = bucket(
        account,
        account === PROD ? "acme-prod-artifacts" : "acme-dev-artifacts",
      );
      out.push(
        s3Object(rng, caller, "PutObject", artifacts, objectKey(rng, artifacts, t), t, {
          bytes: rng.int(2_000_000, 8_000_000),
        }),
      );
      t += rng.int(3, 10) * 1000;
      sequence(
        rng,
        caller,
        [
          "lambda:UpdateFunctionCode20150331v2",
          ...repeat("lambda:GetFunction20150331v2", rng.int(2, 4)),
          "cloudformation:DescribeStacks",
        ],
        t,
        region,
        out,
        [2, 15],
      );
    },
  };
}

/**
 * Release promotion, across accounts: the prod deploy workflow (prod's
 * GitHubActionsDeployRole) takes the build that passed in dev from dev's artifacts
 * bucket, whose policy lets it read. Dev's trail logs the reads with the prod role's
 * identity (userIdentity.accountId prod, recipientAccountId dev); prod's trail logs
 * its copy of each (same sharedEventID). Dev has a GitHubActionsDeployRole of its
 * own: the same name, another role.
 */
const releasePromotion: Actor = {
  id: "release-promotion",
  perDay: 0,
  at: [
    Date.UTC(2026, 10, 3, 17, 42, 11),
    Date.UTC(2026, 10, 4, 19, 5, 37),
    Date.UTC(2026, 10, 6, 16, 28, 54),
  ],
  run: (rng, start, out) => {
    const role = ROLES.githubProd;
    const provider = GITHUB_OIDC(PROD);
    const runner = rng.pick(IPS.githubRunners);
    const region: Region = "us-east-1";
    const issued = assumeRoleWithWebIdentity(
      rng,
      role,
      provider,
      "repo:acme/orders-api:environment:production",
      "GitHubActions",
      start,
      runner,
      region,
    );
    out.push(issued.event);
    const caller: Caller = {
      identity: assumedRoleIdentity(role, "GitHubActions", {
        accessKeyId: issued.accessKeyId,
        creationDate: iso(start),
        webIdentityProvider: provider,
      }),
      arn: `arn:aws:sts::${PROD}:assumed-role/${role.name}/GitHubActions`,
      account: PROD,
      sourceIp: runner,
      agent: (_service, command) => cliAgent(CLI.githubRunner, command),
      tls: true,
      errorRate: 0,
    };
    let t = sequence(rng, caller, ["sts:GetCallerIdentity"], start + 3_000, region, out);
    const devArtifacts = bucket(DEV, "acme-dev-artifacts");
    const build = objectKey(rng, devArtifacts, t);
    const size = rng.int(2_000_000, 8_000_000);
    // A call on dev's bucket: dev's record, and prod's copy of it.
    const acrossAccounts = (e: GeneratedEvent) =>
      out.push(e, mirrorToAccount(rng, e, PROD, caller.identity));
    acrossAccounts(
      s3Object(rng, caller, "ListObjects", devArtifacts, "orders-api/", t, {
        owner: DEV,
        sharedEventId: rng.uuid(),
      }),
    );
    t += rng.int(1, 4) * 1000;
    acrossAccounts(
      s3Object(rng, caller, "GetObject", devArtifacts, build, t, {
        owner: DEV,
        sharedEventId: rng.uuid(),
        bytes: size,
      }),
    );
    t += rng.int(3, 10) * 1000;
    const prodArtifacts = bucket(PROD, "acme-prod-artifacts");
    out.push(s3Object(rng, caller, "PutObject", prodArtifacts, build, t, { bytes: size }));
    t += rng.int(3, 10) * 1000;
    sequence(
      rng,
      caller,
      [
        "lambda:UpdateFunctionCode20150331v2",
        ...repeat("lambda:GetFunction20150331v2", rng.int(2, 3)),
      ],
      t,
      region,
      out,
      [2, 15],
    );
  },
};

/** legacy-reporting mints a federation token each night and reads the reports. */
const federatedReporting: Actor = {
  id: "federated-reporting",
  perDay: 2,
  hours: [5, 7],
  run: (rng, start, out) => {
    const user = USERS.legacyReporting;
    const issued = getFederationToken(
      rng,
      user,
      "reporting-batch",
      start,
      IPS.reportingServer,
      LEGACY_BOTO3_AGENT,
      "eu-west-1",
    );
    out.push(issued.event);
    const caller: Caller = {
      identity: federatedUserIdentity(user, "reporting-batch", issued.accessKeyId, iso(start)),
      arn: `arn:aws:sts::${user.account}:federated-user/reporting-batch`,
      account: user.account,
      sourceIp: IPS.reportingServer,
      agent: () => LEGACY_BOTO3_AGENT,
      tls: true,
    };
    const reports = bucket(PROD, "acme-prod-reports-eu");
    let t = start + 2_000;
    out.push(s3Object(rng, caller, "ListObjects", reports, "daily/", t));
    for (let i = rng.int(3, 6); i > 0; i--) {
      t += rng.int(1, 6) * 1000;
      out.push(
        s3Object(rng, caller, "GetObject", reports, objectKey(rng, reports, t - 86_400_000), t),
      );
    }
    const orders = inventory(PROD).tables.find((x) => x.name === "orders");
    for (let i = rng.int(4, 10); orders && i > 0; i--) {
      t += rng.int(1, 4) * 1000;
      out.push(dynamoItem(rng, caller, "Query", orders, PROD, t));
    }
  },
};

export const AUTOMATION_ACTORS: readonly Actor[] = [
  ciDeploy,
  githubActions(PROD, 6),
  githubActions(DEV, 4),
  releasePromotion,
  federatedReporting,
];
