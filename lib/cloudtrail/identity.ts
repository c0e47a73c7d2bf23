/**
 * Turns a CloudTrail `userIdentity` element into a readable name: per session
 * (`principalName`, the events table's principal) and rolled up to who acts
 * (`actorOf`, the who-did-what summary). Pure.
 */

import type { ActorType } from "./event-schema";

type Json = Record<string, unknown>;

function str(value: unknown): string | null {
  return typeof value === "string" && value.length > 0 ? value : null;
}

function obj(value: unknown): Json | null {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Json)
    : null;
}

/** The resource part of an ARN: `arn:aws:iam::1:user/a/b` -> `user/a/b`. */
export function arnResource(arn: string): string | null {
  if (!arn.startsWith("arn:")) return null;
  // After the fifth colon (arn:partition:service:region:account:resource); no split: it runs per event.
  let at = 3;
  for (let colon = 1; colon < 5; colon++) {
    at = arn.indexOf(":", at + 1);
    if (at < 0) return null;
  }
  return arn.slice(at + 1);
}

/** The last path segment of an ARN resource: `user/path/alice` -> `alice`. */
function arnName(arn: string | null): string | null {
  if (!arn) return null;
  const resource = arnResource(arn);
  if (!resource) return null;
  const slash = resource.lastIndexOf("/");
  return slash >= 0 ? resource.slice(slash + 1) || null : null;
}

/** `arn:aws:sts::1:assumed-role/Role/session` -> `Role/session`. */
function assumedRoleName(arn: string | null): string | null {
  if (!arn) return null;
  const resource = arnResource(arn);
  if (!resource?.startsWith("assumed-role/")) return null;
  const rest = resource.slice("assumed-role/".length);
  return rest.length > 0 ? rest : null;
}

function sessionIssuerName(identity: Json): string | null {
  const issuer = obj(obj(identity.sessionContext)?.sessionIssuer);
  return str(issuer?.userName) ?? arnName(str(issuer?.arn));
}

/** The part of a principalId after the colon (`AROA...:session` -> `session`). */
function principalIdSuffix(identity: Json): string | null {
  const id = str(identity.principalId);
  if (!id) return null;
  const colon = id.indexOf(":");
  return colon >= 0 ? id.slice(colon + 1) || null : null;
}

/** How CloudTrail hides the name tried in a failed console sign-in of a user that does not exist. */
const HIDDEN_NAME = "HIDDEN_DUE_TO_SECURITY_REASONS";
/** The account CloudTrail names for anonymous (unsigned) requests, e.g. to public S3 objects. */
const ANONYMOUS_ACCOUNT = "ANONYMOUS_PRINCIPAL";

/**
 * Callers CloudTrail cannot name, by kind: an unsigned request, an
 * unauthenticated Cognito identity, a console sign-in with an unknown user
 * name, or a record without any userIdentity. Their source IP is not who they
 * are: many callers share one, and one caller uses many.
 */
export type UnknownCallerKind = "anonymous" | "unauthenticated Cognito" | "failed sign-in";

function unknownCallerKind(ctx: PrincipalContext): UnknownCallerKind | null {
  if (ctx.eventType === "AwsServiceEvent" || ctx.eventType === "AwsCloudTrailInsight") return null;
  const identity = ctx.identity;
  const type = str(identity?.type);
  if (type === "IAMUser" && str(identity?.userName) === HIDDEN_NAME) return "failed sign-in";
  if (str(identity?.accountId) === ANONYMOUS_ACCOUNT) return "anonymous";
  if (!identity || ((type === "Unknown" || !type) && !str(identity.invokedBy))) {
    // An identity CloudTrail could not type may still name its caller.
    if (str(identity?.userName) || str(identity?.arn) || str(identity?.principalId)) return null;
    if (ctx.eventSource === "cognito-identity.amazonaws.com") return "unauthenticated Cognito";
    if (ctx.eventSource === "signin.amazonaws.com") return "failed sign-in";
    return "anonymous";
  }
  return null;
}

/** The name of an unknown caller: `unknown (anonymous)`. */
function unknownName(kind: UnknownCallerKind): string {
  return `unknown (${kind})`;
}

/** The 12-digit account of an ARN, if it names one. */
function arnAccount(arn: string | null): string | null {
  const account = arn?.split(":")[4];
  return account && /^\d{12}$/.test(account) ? account : null;
}

/**
 * The account the caller belongs to (not the one that logged the call, which
 * is the record's recipientAccountId): the identity's account, else its ARN's.
 * Null for AWS services and callers CloudTrail cannot name.
 */
export function callerAccountOf(ctx: PrincipalContext): string | null {
  const identity = ctx.identity;
  if (!identity || unknownCallerKind(ctx) || str(identity.type) === "AWSService") return null;
  const account = str(identity.accountId);
  if (account && /^\d{12}$/.test(account)) return account;
  return (
    arnAccount(str(identity.arn)) ??
    arnAccount(str(obj(obj(identity.sessionContext)?.sessionIssuer)?.arn))
  );
}

/**
 * A call from another account than the one that logged it: both accounts
 * known and different (the rule of the `crossAccount` filter's SQL too).
 */
export function isCrossAccount(event: {
  account: string | null;
  callerAccount: string | null;
}): boolean {
  return (
    event.callerAccount !== null && event.account !== null && event.callerAccount !== event.account
  );
}

/** The IAM user (or root) whose credentials minted a federated user's session. */
function federationIssuer(identity: Json): { name: string; root: boolean } | null {
  const issuer = obj(obj(identity.sessionContext)?.sessionIssuer);
  if (!issuer) return null;
  if (str(issuer.type) === "Root") return { name: "root", root: true };
  const name = str(issuer.userName) ?? arnName(str(issuer.arn));
  return name ? { name, root: false } : null;
}

export interface PrincipalContext {
  identity: Json | null;
  eventSource: string | null;
  eventType: string | null;
  sourceIp: string | null;
  additionalEventData: Json | null;
}

/** A readable actor for any record. Never empty, never an IP address. */
export function principalName(ctx: PrincipalContext): string {
  const unknown = unknownCallerKind(ctx);
  if (unknown) return unknownName(unknown);
  const identity = ctx.identity;
  const type = str(identity?.type);
  const arn = str(identity?.arn);
  const userName = str(identity?.userName);

  if (identity) {
    switch (type) {
      case "Root":
        return "root";
      case "IAMUser":
        return userName ?? arnName(arn) ?? str(identity.principalId) ?? "IAM user";
      case "AssumedRole": {
        const fromArn = assumedRoleName(arn);
        if (fromArn) return fromArn;
        const role = sessionIssuerName(identity);
        const session = principalIdSuffix(identity);
        if (role && session) return `${role}/${session}`;
        return role ?? session ?? str(identity.principalId) ?? "assumed role";
      }
      case "Role":
        return arnName(arn) ?? sessionIssuerName(identity) ?? "role";
      case "FederatedUser": {
        // The name the caller chose, as a session of the IAM user that minted it.
        const chosen = arnName(arn) ?? principalIdSuffix(identity);
        const issuer = federationIssuer(identity);
        if (issuer && chosen) return `${issuer.name}/${chosen}`;
        return chosen ?? issuer?.name ?? "federated user";
      }
      case "AWSService":
        return str(identity.invokedBy) ?? ctx.eventSource ?? "AWS service";
      case "IdentityCenterUser":
        return (
          str(ctx.additionalEventData?.UserName) ??
          userName ??
          str(obj(identity.onBehalfOf)?.userId) ??
          "Identity Center user"
        );
      case "SAMLUser":
      case "WebIdentityUser":
      case "Directory":
        return userName ?? principalIdSuffix(identity) ?? str(identity.principalId) ?? type;
      case "AWSAccount":
        return (
          userName ??
          (str(identity.accountId) ? `account ${String(identity.accountId)}` : null) ??
          str(identity.principalId) ??
          "AWS account"
        );
      default:
        break;
    }
    // Unknown or missing type: fall back on whatever names the caller.
    const named =
      userName ??
      assumedRoleName(arn) ??
      arnName(arn) ??
      str(identity.invokedBy) ??
      str(identity.principalId);
    if (named) return named;
  }
  if (ctx.eventType === "AwsCloudTrailInsight") return "CloudTrail Insights";
  if (ctx.eventType === "AwsServiceEvent") return ctx.eventSource ?? "AWS service";
  return unknownName("anonymous");
}

export interface Actor {
  actor: string;
  actorType: ActorType;
}

/** Roles IAM Identity Center creates for permission sets: their sessions are people. */
const IDENTITY_CENTER_ROLE = /^AWSReservedSSO_/;

/**
 * Web identities that are workloads, not people: GitHub Actions, EKS / GKE and
 * other Kubernetes service accounts. Their subject (`repo:org/app:ref:…`,
 * `system:serviceaccount:ns:name`) names a job.
 */
function isWorkloadIdentity(identity: Json): boolean {
  const provider = `${str(identity.identityProvider) ?? ""} ${str(identity.principalId) ?? ""}`;
  const subject = str(identity.userName) ?? "";
  return (
    /token\.actions\.githubusercontent\.com|oidc\.eks\.|container\.googleapis/.test(provider) ||
    /^(repo:|system:serviceaccount:)/.test(subject)
  );
}

/** Role and session of an assumed-role identity: from the issuer first, then the ARN. */
function roleAndSession(identity: Json): { role: string | null; session: string | null } {
  const fromArn = assumedRoleName(str(identity.arn));
  const slash = fromArn ? fromArn.indexOf("/") : -1;
  const arnRole = fromArn ? (slash >= 0 ? fromArn.slice(0, slash) : fromArn) || null : null;
  const arnSession = fromArn && slash >= 0 ? fromArn.slice(slash + 1) || null : null;
  return {
    role: sessionIssuerName(identity) ?? arnRole,
    session: arnSession ?? principalIdSuffix(identity),
  };
}

/**
 * Who acts, rolled up for the summary: an assumed-role session rolls up under
 * its role (`principalName` keeps `Role/session`); an Identity Center session
 * is the person (the session name, e.g. `alice@example.com`); root is `root`;
 * AWS services and CloudTrail Insights are `service`.
 *
 * Sessions of roles assumed through SAML or web identity stay under the role:
 * their session name is chosen by the identity provider's configuration and is
 * not reliably a person. The SAML / web-identity user itself (the caller of
 * AssumeRoleWithSAML / AssumeRoleWithWebIdentity) is a person, unless the web
 * identity is a workload (GitHub Actions, Kubernetes service accounts): `other`.
 */
export function actorOf(ctx: PrincipalContext, principal = principalName(ctx)): Actor {
  const identity = ctx.identity;
  const type = str(identity?.type);
  if (ctx.eventType === "AwsCloudTrailInsight") {
    return { actor: "CloudTrail Insights", actorType: "service" };
  }
  if (!type && (ctx.eventType === "AwsServiceEvent" || str(identity?.invokedBy))) {
    return {
      actor: str(identity?.invokedBy) ?? ctx.eventSource ?? "AWS service",
      actorType: "service",
    };
  }
  const unknown = unknownCallerKind(ctx);
  if (unknown || !identity) {
    return { actor: unknownName(unknown ?? "anonymous"), actorType: "unknown" };
  }
  if (!type) return { actor: principal, actorType: "other" };
  switch (type) {
    case "Root":
      return { actor: "root", actorType: "root" };
    case "IAMUser":
      return { actor: principal, actorType: "iam-user" };
    case "AssumedRole": {
      const { role, session } = roleAndSession(identity);
      if (role && IDENTITY_CENTER_ROLE.test(role)) {
        return session
          ? { actor: session, actorType: "person" }
          : { actor: role, actorType: "role" };
      }
      return { actor: role ?? principal, actorType: "role" };
    }
    case "Role":
      return { actor: principal, actorType: "role" };
    case "AWSService":
      return { actor: principal, actorType: "service" };
    case "IdentityCenterUser":
    case "SAMLUser":
    case "Directory":
      return { actor: principal, actorType: "person" };
    case "WebIdentityUser":
      return { actor: principal, actorType: isWorkloadIdentity(identity) ? "other" : "person" };
    case "FederatedUser": {
      // GetFederationToken: the session acts with the credentials of the user that minted it.
      const issuer = federationIssuer(identity);
      if (issuer) return { actor: issuer.name, actorType: issuer.root ? "root" : "iam-user" };
      // Without its issuer: the name chosen, most often by a broker signing people in.
      const name = arnName(str(identity.arn)) ?? principalIdSuffix(identity);
      return name ? { actor: name, actorType: "person" } : { actor: principal, actorType: "other" };
    }
    case "AWSAccount":
      return { actor: principal, actorType: "account" };
    default:
      return { actor: principal, actorType: "other" };
  }
}
