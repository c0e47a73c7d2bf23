import {
  BROWSERS,
  CLI,
  IPS,
  cliAgent,
  consoleAgent,
  terraformAgent,
  type CliProfile,
} from "./agents";
import { DEV, SECURITY } from "./config";
import { OKTA_SAML_PROVIDER, ROLES, USERS } from "./directory";
import { accessKeyId } from "./ids";
import { assumedRoleIdentity, iamUserIdentity, rootIdentity, type IamUser } from "./identities";
import { ADMIN_MIX, TERRAFORM_MIX, type Mix } from "./mixes";
import type { Actor } from "./schedule";
import { runSession, type Caller } from "./session";
import { consoleLogin } from "./signin";
import { assumeRoleWithSaml, qualifier } from "./sts-flows";
import { iso } from "./time";
import type { GeneratedEvent } from "./types";

/** People with account-local identities: IAM users, Terraform, an external IdP, root. */

function iamUserActor(
  id: string,
  user: IamUser,
  perDay: number,
  hours: readonly [number, number],
  ip: string,
  cli: CliProfile,
  failures = 0,
): Actor {
  return {
    id,
    perDay,
    hours,
    run: (rng, start, out, index) => {
      const viaConsole = index === 0;
      let t = start;
      let caller: Caller;
      if (viaConsole) {
        const mistyped = failures > 0 ? failures : rng.chance(0.1) ? 1 : 0;
        for (let i = 0; i < mistyped; i++) {
          const identity = {
            type: "IAMUser",
            principalId: user.principalId,
            accountId: user.account,
            accessKeyId: "",
            userName: user.userName,
          };
          out.push(
            consoleLogin(rng, {
              identity,
              recipient: user.account,
              timeMs: t,
              sourceIp: ip,
              userAgent: BROWSERS.edgeWindows,
              mfa: false,
              success: false,
            }),
          );
          t += rng.int(15, 60) * 1000;
        }
        const identity = iamUserIdentity(user, "", undefined);
        out.push(
          consoleLogin(rng, {
            identity,
            recipient: user.account,
            timeMs: t,
            sourceIp: ip,
            userAgent: BROWSERS.edgeWindows,
            mfa: true,
            success: true,
          }),
        );
        const key = accessKeyId(rng, "ASIA");
        caller = {
          identity: iamUserIdentity(user, key, { creationDate: iso(t), mfa: true }),
          arn: user.arn,
          account: user.account,
          sourceIp: ip,
          agent: consoleAgent(BROWSERS.edgeWindows),
          tls: true,
          console: true,
        };
      } else {
        caller = {
          identity: iamUserIdentity(user, user.accessKeyId),
          arn: user.arn,
          account: user.account,
          sourceIp: ip,
          agent: (_service, command) => cliAgent(cli, command),
          tls: true,
        };
      }
      runSession(
        rng,
        {
          caller,
          actions: ADMIN_MIX,
          startMs: t + 6_000,
          count: rng.int(6, 25),
          gap: [2, 60],
          regions: [
            ["us-east-1", 8],
            ["ap-southeast-2", 2],
          ],
        },
        out,
      );
    },
  };
}

const terraformActor: Actor = {
  id: "priya-terraform",
  perDay: 2,
  hours: [15, 22],
  run: (rng, start, out) => {
    const user = USERS.priya;
    const caller: Caller = {
      identity: iamUserIdentity(user, user.accessKeyId),
      arn: user.arn,
      account: user.account,
      sourceIp: IPS.officeNyc,
      agent: (service) => terraformAgent(service),
      tls: true,
      errorRate: 0.01,
    };
    runSession(
      rng,
      {
        caller,
        actions: TERRAFORM_MIX,
        startMs: start,
        count: rng.int(25, 60),
        gap: [0, 2],
        regions: [["us-east-1", 1]],
      },
      out,
    );
  },
};

const OKTA_PEOPLE = ["jordan.kim@example.com", "li.wei@example.com"];

const oktaActor: Actor = {
  id: "okta-developers",
  perDay: 3,
  hours: [16, 23],
  run: (rng, start, out) => {
    const subject = rng.pick(OKTA_PEOPLE);
    const nameQualifier = `${qualifier("okta-acme", 27)}=`;
    const provider = {
      arn: OKTA_SAML_PROVIDER,
      issuer: "http://www.okta.com/exk4q2r9t1AbCdEfG697",
      nameQualifier,
    };
    const role = ROLES.oktaDeveloper;
    const issued = assumeRoleWithSaml(
      rng,
      role,
      provider,
      subject,
      start,
      IPS.officeNyc,
      BROWSERS.chromeMac,
      3600,
    );
    out.push(issued.event);
    const caller: Caller = {
      identity: assumedRoleIdentity(role, subject, {
        accessKeyId: issued.accessKeyId,
        creationDate: iso(start),
      }),
      arn: `arn:aws:sts::${DEV}:assumed-role/${role.name}/${subject}`,
      account: DEV,
      sourceIp: IPS.officeNyc,
      agent: consoleAgent(BROWSERS.chromeMac),
      tls: true,
      console: true,
    };
    runSession(
      rng,
      {
        caller,
        actions: ADMIN_MIX,
        startMs: start + 5_000,
        count: rng.int(5, 20),
        gap: [3, 50],
        regions: [["us-east-1", 1]],
      },
      out,
    );
  },
};

/** Root signs in to the management account once, to look at the organization. */
const rootActor: Actor = {
  id: "root",
  perDay: 0,
  at: [Date.UTC(2026, 10, 3, 16, 42, 10)],
  run: (rng, start, out: GeneratedEvent[]) => {
    out.push(
      consoleLogin(rng, {
        identity: rootIdentity(SECURITY, ""),
        recipient: SECURITY,
        timeMs: start,
        sourceIp: IPS.officeNyc,
        userAgent: BROWSERS.chromeMac,
        mfa: true,
        success: true,
      }),
    );
    const caller: Caller = {
      identity: rootIdentity(SECURITY, accessKeyId(rng, "ASIA"), {
        creationDate: iso(start),
        mfa: true,
      }),
      arn: `arn:aws:iam::${SECURITY}:root`,
      account: SECURITY,
      sourceIp: IPS.officeNyc,
      agent: consoleAgent(BROWSERS.chromeMac),
      tls: true,
      console: true,
      errorRate: 0,
    };
    const mix: Mix = [
      ["organizations:DescribeOrganization", 2],
      ["organizations:ListAccounts", 2],
      ["iam:GetAccountSummary", 1],
      ["iam:GetAccountPasswordPolicy", 1],
      ["iam:ListMFADevices", 1],
      ["cloudtrail:DescribeTrails", 1],
      ["cloudtrail:GetTrailStatus", 1],
    ];
    runSession(
      rng,
      {
        caller,
        actions: mix,
        startMs: start + 9_000,
        count: 9,
        gap: [4, 40],
        regions: [["us-east-1", 1]],
      },
      out,
    );
  },
};

export const ACCOUNT_USER_ACTORS: readonly Actor[] = [
  iamUserActor("marcus", USERS.marcus, 2, [14, 23], IPS.marcusHome, CLI.marcusWsl),
  {
    ...iamUserActor("marcus-mistyped", USERS.marcus, 0, [0, 1], IPS.marcusHome, CLI.marcusWsl, 2),
    at: [Date.UTC(2026, 10, 5, 15, 2, 33)],
  },
  terraformActor,
  oktaActor,
  rootActor,
];
