/**
 * Turns a CloudTrail `userIdentity` element into a readable actor name.
 * Pure: shared by the normalizer and (later) the who-did-what roll-up.
 */

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
  const parts = arn.split(":");
  if (parts.length < 6 || parts[0] !== "arn") return null;
  return parts.slice(5).join(":");
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
