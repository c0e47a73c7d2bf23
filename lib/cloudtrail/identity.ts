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

export interface PrincipalContext {
  identity: Json | null;
  eventSource: string | null;
  eventType: string | null;
  sourceIp: string | null;
  additionalEventData: Json | null;
}

/** A readable actor for any record. Never empty. */
export function principalName(ctx: PrincipalContext): string {
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
      case "FederatedUser":
        return (
          arnName(arn) ??
          principalIdSuffix(identity) ??
          sessionIssuerName(identity) ??
          "federated user"
        );
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
  return ctx.sourceIp ?? ctx.eventSource ?? "unknown";
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
  if (!identity || !type) {
    if (ctx.eventType === "AwsServiceEvent" || str(identity?.invokedBy)) {
      return {
        actor: str(identity?.invokedBy) ?? ctx.eventSource ?? "AWS service",
        actorType: "service",
      };
    }
    return { actor: principal, actorType: "other" };
  }
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
      const name = arnName(str(identity.arn)) ?? principalIdSuffix(identity);
      return name ? { actor: name, actorType: "person" } : { actor: principal, actorType: "other" };
    }
    case "AWSAccount":
      return { actor: principal, actorType: "account" };
    default:
      return { actor: principal, actorType: "other" };
  }
}
