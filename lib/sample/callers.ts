import { natIp } from "./agents";
import type { AccountId, Region } from "./config";
import { sessionKey } from "./directory";
import { assumedRoleIdentity, awsServiceIdentity, type IamRole } from "./identities";
import { inventory, type Bucket, type Regional } from "./inventory";
import type { Rng } from "./prng";
import type { Caller } from "./session";
import { iso } from "./time";

/** Lookups of named resources and callers shared by the data-event workloads. */

const find = <T extends { name: string }>(items: readonly T[], name: string): T => {
  const item = items.find((i) => i.name === name);
  if (!item) throw new Error(`missing ${name}`);
  return item;
};
export const table = (account: AccountId, name: string): Regional =>
  find(inventory(account).tables, name);
export const fn = (account: AccountId, name: string): Regional =>
  find(inventory(account).functions, name);
export const bucket = (account: AccountId, name: string): Bucket =>
  find(inventory(account).buckets, name);

export function roleCaller(
  rng: Rng,
  role: IamRole,
  sessionName: string,
  region: Region,
  start: number,
  agent: string,
  invokedBy?: string,
): Caller {
  return {
    identity: assumedRoleIdentity(role, sessionName, {
      accessKeyId: sessionKey(rng),
      creationDate: iso(start - 60_000),
      invokedBy,
      ec2RoleDelivery: sessionName.startsWith("i-") ? "2.0" : undefined,
    }),
    arn: `arn:aws:sts::${role.account}:assumed-role/${role.name}/${sessionName}`,
    account: role.account,
    sourceIp: invokedBy ?? natIp(region),
    agent: () => agent,
    tls: invokedBy === undefined,
  };
}

export const serviceCaller = (service: string, account: AccountId): Caller => ({
  identity: awsServiceIdentity(service),
  arn: service,
  account,
  sourceIp: service,
  agent: () => service,
  tls: false,
});
