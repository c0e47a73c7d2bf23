import { HIDDEN_USER_NAME } from "./identities";
import type { Json, JsonObject } from "./types";

/**
 * Who called, in which account (#19): counts of the sample's identity cases,
 * taken from the records as written. Kept apart from the normalizer on
 * purpose (lib/cloudtrail), so the two can be checked against each other.
 */

/** The account CloudTrail names for unsigned requests (public S3 objects). */
const ANONYMOUS_ACCOUNT = "ANONYMOUS_PRINCIPAL";

/** Callers CloudTrail cannot name, by kind (as the normalizer names them: `unknown (kind)`). */
export const UNKNOWN_CALLER_KINDS = [
  "anonymous",
  "unauthenticated Cognito",
  "failed sign-in",
] as const;
export type UnknownCallerKind = (typeof UNKNOWN_CALLER_KINDS)[number];

export interface CallerCounts {
  /** Distinct events whose caller belongs to another account than the one that logged them. */
  crossAccountEvents: number;
  /** Of those, the ones made by a role session (AssumedRole). */
  crossAccountRoleEvents: number;
  /** Distinct events of FederatedUser sessions (GetFederationToken). */
  federatedUserEvents: number;
  /** Distinct events of callers CloudTrail cannot name, by kind. */
  unknownCallerEvents: Record<UnknownCallerKind, number>;
  /** Failed console sign-ins (`"ConsoleLogin": "Failure"`), whether or not the user exists. */
  failedSignIns: number;
  /** Role names whose sessions call in two or more accounts, each in the role's own account. */
  sameNamedRoles: Record<string, string[]>;
  /** Distinct events naming a resource by ARN prefix (S3 listings). */
  arnPrefixEvents: number;
}

const obj = (v: Json | undefined): JsonObject | null =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? v : null;
const str = (v: Json | undefined): string | null =>
  typeof v === "string" && v.length > 0 ? v : null;
const ACCOUNT = /^\d{12}$/;
const arnAccount = (arn: string | null): string | null => {
  const account = arn?.split(":")[4];
  return account && ACCOUNT.test(account) ? account : null;
};

export function unknownCallerKind(r: JsonObject): UnknownCallerKind | null {
  if (r.eventType === "AwsServiceEvent" || r.eventType === "AwsCloudTrailInsight") return null;
  const id = obj(r.userIdentity);
  const type = str(id?.type);
  if (type === "IAMUser" && id?.userName === HIDDEN_USER_NAME) return "failed sign-in";
  if (id?.accountId === ANONYMOUS_ACCOUNT) return "anonymous";
  if (id && type && type !== "Unknown") return null;
  if (id && (str(id.invokedBy) || str(id.userName) || str(id.arn) || str(id.principalId)))
    return null;
  if (r.eventSource === "cognito-identity.amazonaws.com") return "unauthenticated Cognito";
  if (r.eventSource === "signin.amazonaws.com") return "failed sign-in";
  return "anonymous";
}

/** The caller's account: userIdentity.accountId, else its ARN's (or its issuer's) account. */
export function callerAccount(r: JsonObject): string | null {
  const id = obj(r.userIdentity);
  if (!id || id.type === "AWSService" || unknownCallerKind(r)) return null;
  const account = str(id.accountId);
  if (account && ACCOUNT.test(account)) return account;
  return (
    arnAccount(str(id.arn)) ?? arnAccount(str(obj(obj(id.sessionContext)?.sessionIssuer)?.arn))
  );
}

/** Counts over distinct records (one per event). */
export function countCallers(records: Iterable<JsonObject>): CallerCounts {
  const unknown: Record<UnknownCallerKind, number> = {
    anonymous: 0,
    "unauthenticated Cognito": 0,
    "failed sign-in": 0,
  };
  const roleAccounts = new Map<string, Set<string>>();
  let crossAccount = 0;
  let crossAccountRole = 0;
  let federated = 0;
  let failedSignIns = 0;
  let arnPrefix = 0;
  for (const r of records) {
    const id = obj(r.userIdentity);
    const recipient = str(r.recipientAccountId);
    const caller = callerAccount(r);
    if (caller && recipient && caller !== recipient) {
      crossAccount++;
      if (id?.type === "AssumedRole") crossAccountRole++;
    }
    if (id?.type === "FederatedUser") federated++;
    const kind = unknownCallerKind(r);
    if (kind) unknown[kind]++;
    if (r.eventName === "ConsoleLogin" && obj(r.responseElements)?.ConsoleLogin === "Failure")
      failedSignIns++;
    const resources = Array.isArray(r.resources) ? r.resources : [];
    if (resources.some((x) => str(obj(x)?.ARNPrefix))) arnPrefix++;
    if (id?.type === "AssumedRole") {
      const issuer = obj(obj(id.sessionContext)?.sessionIssuer);
      const name = str(issuer?.userName);
      const account = str(issuer?.accountId);
      if (name && account && account === recipient) {
        const set = roleAccounts.get(name) ?? new Set<string>();
        set.add(account);
        roleAccounts.set(name, set);
      }
    }
  }
  const sameNamedRoles: Record<string, string[]> = {};
  for (const name of [...roleAccounts.keys()].sort()) {
    const accounts = [...(roleAccounts.get(name) ?? [])].sort();
    if (accounts.length > 1) sameNamedRoles[name] = accounts;
  }
  return {
    crossAccountEvents: crossAccount,
    crossAccountRoleEvents: crossAccountRole,
    federatedUserEvents: federated,
    unknownCallerEvents: unknown,
    failedSignIns,
    sameNamedRoles,
    arnPrefixEvents: arnPrefix,
  };
}
