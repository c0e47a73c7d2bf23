import { BROWSERS, CLI, IPS, cliAgent, consoleAgent, type CliProfile } from "./agents";
import { DEV, PROD, SECURITY, type AccountId, type Region } from "./config";
import { PEOPLE, ssoRole } from "./directory";
import { assumedRoleIdentity, type IdentityCenterPerson } from "./identities";
import { ADMIN_MIX, READ_ONLY_MIX, SECURITY_MIX, type Mix } from "./mixes";
import type { Actor } from "./schedule";
import { runSession, type Caller } from "./session";
import { ACCOUNT_USER_ACTORS } from "./people-iam";
import { identityCenterSignIn } from "./signin";
import { assumeRoleWithSaml, ssoProvider } from "./sts-flows";
import { iso } from "./time";

/** People who sign in through Identity Center (SSO role sessions). */

type Regions = readonly (readonly [Region, number])[];

interface SsoHabits {
  person: IdentityCenterPerson;
  targets: readonly (readonly [readonly [AccountId, string], number])[];
  ip: string;
  browser: string;
  cli: CliProfile;
  consoleShare: number;
  mix: Mix;
  regions: Regions;
  errorRate?: number;
}

function ssoActor(
  id: string,
  perDay: number,
  hours: readonly [number, number],
  h: SsoHabits,
): Actor {
  return {
    id,
    perDay,
    hours,
    run: (rng, start, out, index) => {
      const [account, permissionSet] = rng.weighted(h.targets);
      const console = rng.chance(h.consoleShare);
      let t = start;
      if (index === 0) {
        out.push(...identityCenterSignIn(rng, SECURITY, h.person, t, h.ip, h.browser));
        t += 20_000;
      }
      const role = ssoRole(account, permissionSet);
      const agent = console ? h.browser : cliAgent(h.cli, "sso.login");
      const issued = assumeRoleWithSaml(
        rng,
        role,
        ssoProvider(account),
        h.person.email,
        t,
        h.ip,
        agent,
      );
      out.push(issued.event);
      const caller: Caller = {
        identity: assumedRoleIdentity(role, h.person.email, {
          accessKeyId: issued.accessKeyId,
          creationDate: iso(t),
        }),
        arn: `arn:aws:sts::${account}:assumed-role/${role.name}/${h.person.email}`,
        account,
        sourceIp: h.ip,
        agent: console ? consoleAgent(h.browser) : (_service, command) => cliAgent(h.cli, command),
        tls: true,
        console,
        errorRate: h.errorRate,
      };
      const count = rng.int(8, 30);
      runSession(
        rng,
        {
          caller,
          actions: h.mix,
          startMs: t + 8_000,
          count,
          gap: console ? [3, 45] : [1, 120],
          regions: h.regions,
        },
        out,
      );
    },
  };
}

export const PEOPLE_ACTORS: readonly Actor[] = [
  ssoActor("alice", 3, [13, 23], {
    person: PEOPLE.alice,
    targets: [
      [[PROD, "AdministratorAccess"], 7],
      [[DEV, "AdministratorAccess"], 3],
    ],
    ip: IPS.aliceHome,
    browser: BROWSERS.chromeMac,
    cli: CLI.aliceMac,
    consoleShare: 0.5,
    mix: ADMIN_MIX,
    regions: [
      ["us-east-1", 7],
      ["eu-west-1", 3],
    ],
  }),
  ssoActor("bob", 3, [7, 17], {
    person: PEOPLE.bob,
    targets: [
      [[PROD, "ReadOnlyAccess"], 7],
      [[SECURITY, "ReadOnlyAccess"], 3],
    ],
    ip: IPS.officeDublin,
    browser: BROWSERS.firefoxLinux,
    cli: CLI.bobLinux,
    consoleShare: 0.7,
    mix: READ_ONLY_MIX,
    regions: [
      ["eu-west-1", 6],
      ["us-east-1", 4],
    ],
    errorRate: 0.05,
  }),
  ssoActor("carol", 3, [22, 7], {
    person: PEOPLE.carol,
    targets: [
      [[DEV, "PowerUserAccess"], 7],
      [[PROD, "ReadOnlyAccess"], 3],
    ],
    ip: IPS.carolSydney,
    browser: BROWSERS.safariMac,
    cli: CLI.carolMac,
    consoleShare: 0.4,
    mix: ADMIN_MIX,
    regions: [
      ["ap-southeast-2", 7],
      ["us-east-1", 3],
    ],
  }),
  ssoActor("dmitri", 1.5, [8, 16], {
    person: PEOPLE.dmitri,
    targets: [[[SECURITY, "AdministratorAccess"], 1]],
    ip: IPS.officeDublin,
    browser: BROWSERS.chromeMac,
    cli: CLI.bobLinux,
    consoleShare: 0.6,
    mix: SECURITY_MIX,
    regions: [["us-east-1", 1]],
  }),
  ...ACCOUNT_USER_ACTORS,
];
