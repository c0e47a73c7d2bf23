import { GITHUB_ACTIONS_AGENT } from "./agents";
import type { AccountId, Region } from "./config";
import { SSO_SAML_PROVIDER } from "./directory";
import { accessKeyId, base64ish } from "./ids";
import {
  assumedRoleArn,
  iamUserIdentity,
  samlUserIdentity,
  type IamRole,
  type IamUser,
} from "./identities";
import type { Rng } from "./prng";
import { managementEvent } from "./record";
import { stsDate } from "./time";
import type { ErrorPair, GeneratedEvent, JsonObject } from "./types";

/** Records of the STS calls that create sessions. */

export interface Issued {
  event: GeneratedEvent;
  /** The temporary key handed out (ASIA…). */
  accessKeyId: string;
}

function credentials(rng: Rng, timeMs: number, seconds: number): { key: string; json: JsonObject } {
  const key = accessKeyId(rng, "ASIA");
  return {
    key,
    json: {
      accessKeyId: key,
      sessionToken: `IQoJb3JpZ2luX2VjE${base64ish(rng, 180)}`,
      expiration: stsDate(timeMs + seconds * 1000),
    },
  };
}

const roleResource = (role: IamRole): JsonObject => ({
  accountId: role.account,
  type: "AWS::IAM::Role",
  ARN: role.arn,
});

export interface AssumeRoleInput {
  identity: JsonObject | undefined;
  recipient: AccountId;
  role: IamRole;
  sessionName: string;
  timeMs: number;
  region: Region;
  sourceIp: string;
  userAgent: string;
  tls: boolean;
  sharedEventId?: string;
  error?: ErrorPair;
  durationSeconds?: number;
}

export function assumeRole(rng: Rng, a: AssumeRoleInput): Issued {
  const creds = credentials(rng, a.timeMs, a.durationSeconds ?? 3600);
  const event = managementEvent(rng, {
    identity: a.identity,
    timeMs: a.timeMs,
    eventSource: "sts.amazonaws.com",
    eventName: "AssumeRole",
    region: a.region,
    sourceIp: a.sourceIp,
    userAgent: a.userAgent,
    error: a.error,
    req: {
      roleArn: a.role.arn,
      roleSessionName: a.sessionName,
      durationSeconds: a.durationSeconds,
    },
    resp: a.error
      ? null
      : {
          credentials: creds.json,
          assumedRoleUser: {
            assumedRoleId: `${a.role.principalId}:${a.sessionName}`,
            arn: assumedRoleArn(a.role, a.sessionName),
          },
        },
    readOnly: true,
    resources: [roleResource(a.role)],
    recipient: a.recipient,
    sharedEventId: a.sharedEventId,
    tlsHost: a.tls
      ? a.region === "us-east-1"
        ? "sts.amazonaws.com"
        : `sts.${a.region}.amazonaws.com`
      : undefined,
  });
  return { event, accessKeyId: creds.key };
}

export interface SamlProvider {
  arn: string;
  issuer: string;
  nameQualifier: string;
}

/** The SAML provider Identity Center creates in each member account. */
export function ssoProvider(account: AccountId): SamlProvider {
  return {
    arn: SSO_SAML_PROVIDER(account),
    issuer: `https://portal.sso.us-east-1.amazonaws.com/saml/assertion/${qualifier(account, 27)}`,
    nameQualifier: `${qualifier(account, 27)}=`,
  };
}

/** AssumeRoleWithSAML in the role's account (Identity Center or an external IdP). */
export function assumeRoleWithSaml(
  rng: Rng,
  role: IamRole,
  provider: SamlProvider,
  subject: string,
  timeMs: number,
  sourceIp: string,
  userAgent: string,
  durationSeconds = 43200,
): Issued {
  const creds = credentials(rng, timeMs, durationSeconds);
  const event = managementEvent(rng, {
    identity: samlUserIdentity(provider.nameQualifier, subject, provider.arn),
    timeMs,
    eventSource: "sts.amazonaws.com",
    eventName: "AssumeRoleWithSAML",
    region: "us-east-1",
    sourceIp,
    userAgent,
    req: {
      sAMLAssertionID: `_${rng.uuid()}`,
      roleSessionName: subject,
      durationSeconds,
      roleArn: role.arn,
      principalArn: provider.arn,
    },
    resp: {
      subjectType: "persistent",
      issuer: provider.issuer,
      credentials: creds.json,
      nameQualifier: provider.nameQualifier,
      assumedRoleUser: {
        assumedRoleId: `${role.principalId}:${subject}`,
        arn: assumedRoleArn(role, subject),
      },
      subject,
      audience: "https://signin.aws.amazon.com/saml",
    },
    readOnly: true,
    resources: [
      roleResource(role),
      { accountId: role.account, type: "AWS::IAM::SAMLProvider", ARN: provider.arn },
    ],
    recipient: role.account,
    tlsHost: "sts.amazonaws.com",
  });
  return { event, accessKeyId: creds.key };
}

/** A stable base64-looking SAML name qualifier per account. */
export function qualifier(seed: string, length: number): string {
  const table = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  let out = "";
  for (let i = 0; i < length; i++)
    out += table.charAt((seed.charCodeAt(i % seed.length) * 7 + i * 13) % 62);
  return out;
}

export function assumeRoleWithWebIdentity(
  rng: Rng,
  role: IamRole,
  providerArn: string,
  subject: string,
  sessionName: string,
  timeMs: number,
  sourceIp: string,
  region: Region,
): Issued {
  const creds = credentials(rng, timeMs, 3600);
  const audience = "sts.amazonaws.com";
  const event = managementEvent(rng, {
    identity: {
      type: "WebIdentityUser",
      principalId: `${providerArn}:${audience}:${subject}`,
      userName: subject,
      identityProvider: providerArn,
    },
    timeMs,
    eventSource: "sts.amazonaws.com",
    eventName: "AssumeRoleWithWebIdentity",
    region,
    sourceIp,
    userAgent: GITHUB_ACTIONS_AGENT,
    req: { roleArn: role.arn, roleSessionName: sessionName, durationSeconds: 3600 },
    resp: {
      subjectFromWebIdentityToken: subject,
      assumedRoleUser: {
        assumedRoleId: `${role.principalId}:${sessionName}`,
        arn: assumedRoleArn(role, sessionName),
      },
      provider: providerArn,
      audience,
      credentials: creds.json,
    },
    readOnly: true,
    resources: [
      roleResource(role),
      { accountId: role.account, type: "AWS::IAM::OIDCProvider", ARN: providerArn },
    ],
    recipient: role.account,
    tlsHost: `sts.${region}.amazonaws.com`,
  });
  return { event, accessKeyId: creds.key };
}

export interface FederationOptions {
  /** 43200 (12 hours) unless given; an IAM user may ask for up to 129600 (36 hours). */
  durationSeconds?: number;
  /** An inline session policy (JSON text), in place of the managed reporting policy. */
  policy?: string;
}

/**
 * sts:GetFederationToken by an IAM user with its long-term key: credentials of
 * a federated user `name` (arn:aws:sts::ACCOUNT:federated-user/NAME) whose
 * permissions are those of the user, narrowed by the session policy.
 */
export function getFederationToken(
  rng: Rng,
  user: IamUser,
  name: string,
  timeMs: number,
  sourceIp: string,
  userAgent: string,
  region: Region,
  o: FederationOptions = {},
): Issued {
  const durationSeconds = o.durationSeconds ?? 43200;
  const creds = credentials(rng, timeMs, durationSeconds);
  const event = managementEvent(rng, {
    identity: iamUserIdentity(user, user.accessKeyId),
    timeMs,
    eventSource: "sts.amazonaws.com",
    eventName: "GetFederationToken",
    region,
    sourceIp,
    userAgent,
    req: {
      name,
      durationSeconds,
      policy: o.policy,
      policyArns: o.policy
        ? undefined
        : [{ arn: `arn:aws:iam::${user.account}:policy/reporting-read-only` }],
    },
    resp: {
      credentials: creds.json,
      federatedUser: {
        federatedUserId: `${user.account}:${name}`,
        arn: `arn:aws:sts::${user.account}:federated-user/${name}`,
      },
      packedPolicySize: o.policy ? 6 : 7,
    },
    readOnly: true,
    recipient: user.account,
    tlsHost: `sts.${region}.amazonaws.com`,
  });
  return { event, accessKeyId: creds.key };
}

/** The copy of a cross-account call that the other account receives (same sharedEventID). */
export function mirrorToAccount(
  rng: Rng,
  source: GeneratedEvent,
  target: AccountId,
  identity: JsonObject,
): GeneratedEvent {
  const record: JsonObject = {
    ...source.record,
    userIdentity: identity,
    eventID: rng.uuid(),
    recipientAccountId: target,
  };
  return { ...source, record, account: target };
}
