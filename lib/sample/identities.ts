import type { AccountId } from "./config";
import type { JsonObject } from "./types";

/**
 * Builders of the `userIdentity` element, one per identity type, shaped like
 * the records AWS writes (see the CloudTrail userIdentity reference).
 */

export interface IamUser {
  account: AccountId;
  userName: string;
  principalId: string;
  arn: string;
  /** Long-term access key (AKIA…), when the user has one. */
  accessKeyId: string;
}

export interface IamRole {
  account: AccountId;
  name: string;
  principalId: string;
  arn: string;
}

export interface SessionAttributes {
  creationDate: string;
  mfa?: boolean;
}

const attributes = (s: SessionAttributes): JsonObject => ({
  creationDate: s.creationDate,
  mfaAuthenticated: s.mfa ? "true" : "false",
});

export function rootIdentity(
  account: AccountId,
  accessKeyId: string,
  session?: SessionAttributes,
): JsonObject {
  return {
    type: "Root",
    principalId: account,
    arn: `arn:aws:iam::${account}:root`,
    accountId: account,
    accessKeyId,
    sessionContext: session ? { attributes: attributes(session) } : undefined,
  };
}

/** An IAM user; `session` is set for console and session-token credentials. */
export function iamUserIdentity(
  user: IamUser,
  accessKeyId: string,
  session?: SessionAttributes,
): JsonObject {
  return {
    type: "IAMUser",
    principalId: user.principalId,
    arn: user.arn,
    accountId: user.account,
    accessKeyId,
    userName: user.userName,
    sessionContext: session ? { attributes: attributes(session) } : undefined,
  };
}

export interface AssumedRoleOptions extends SessionAttributes {
  accessKeyId: string;
  invokedBy?: string;
  /** Set for sessions created by AssumeRoleWithWebIdentity. */
  webIdentityProvider?: string;
  sourceIdentity?: string;
  /** `2.0` for EC2 instance credentials fetched with IMDSv2. */
  ec2RoleDelivery?: string;
}

export function assumedRoleArn(role: IamRole, sessionName: string): string {
  return `arn:aws:sts::${role.account}:assumed-role/${role.name}/${sessionName}`;
}

export function assumedRoleIdentity(
  role: IamRole,
  sessionName: string,
  o: AssumedRoleOptions,
): JsonObject {
  return {
    type: "AssumedRole",
    principalId: `${role.principalId}:${sessionName}`,
    arn: assumedRoleArn(role, sessionName),
    accountId: role.account,
    accessKeyId: o.accessKeyId,
    sessionContext: {
      sessionIssuer: {
        type: "Role",
        principalId: role.principalId,
        arn: role.arn,
        accountId: role.account,
        userName: role.name,
      },
      webIdFederationData: o.webIdentityProvider
        ? { federatedProvider: o.webIdentityProvider, attributes: {} }
        : {},
      attributes: attributes(o),
      sourceIdentity: o.sourceIdentity,
      ec2RoleDelivery: o.ec2RoleDelivery,
    },
    invokedBy: o.invokedBy,
  };
}

export interface IdentityCenterPerson {
  email: string;
  /** The Identity Store user id (a UUID). */
  userId: string;
}

export function identityCenterUserIdentity(
  account: AccountId,
  identityStoreArn: string,
  person: IdentityCenterPerson,
  credentialId: string,
): JsonObject {
  return {
    type: "IdentityCenterUser",
    arn: "",
    accountId: account,
    accessKeyId: "",
    onBehalfOf: { userId: person.userId, identityStoreArn },
    credentialId,
  };
}

export function samlUserIdentity(
  nameQualifier: string,
  userName: string,
  identityProvider: string,
): JsonObject {
  return {
    type: "SAMLUser",
    principalId: `${nameQualifier}:${userName}`,
    userName,
    identityProvider,
  };
}

export function federatedUserIdentity(
  issuer: IamUser,
  name: string,
  accessKeyId: string,
  creationDate: string,
): JsonObject {
  return {
    type: "FederatedUser",
    principalId: `${issuer.account}:${name}`,
    arn: `arn:aws:sts::${issuer.account}:federated-user/${name}`,
    accountId: issuer.account,
    accessKeyId,
    sessionContext: {
      sessionIssuer: {
        type: "IAMUser",
        principalId: issuer.principalId,
        arn: issuer.arn,
        accountId: issuer.account,
        userName: issuer.userName,
      },
      webIdFederationData: {},
      attributes: { creationDate, mfaAuthenticated: "false" },
    },
  };
}

/** How CloudTrail hides the user name tried in a console sign-in to a user that does not exist. */
export const HIDDEN_USER_NAME = "HIDDEN_DUE_TO_SECURITY_REASONS";

/** The identity of a console sign-in to a user name the account does not have: nothing names anyone. */
export function unknownUserIdentity(account: AccountId): JsonObject {
  return {
    type: "IAMUser",
    accountId: account,
    principalId: "",
    accessKeyId: "",
    userName: HIDDEN_USER_NAME,
  };
}

/** A caller CloudTrail cannot type (unauthenticated Cognito identities): `{"type": "Unknown"}`. */
export function unknownIdentity(): JsonObject {
  return { type: "Unknown" };
}

/** A principal of another account, as the target account sees it. */
export function awsAccountIdentity(principalId: string, accountId: string): JsonObject {
  return { type: "AWSAccount", principalId, accountId };
}

export function awsServiceIdentity(invokedBy: string): JsonObject {
  return { type: "AWSService", invokedBy };
}

/** AwsServiceEvent records: no `type` at all. */
export function serviceEventIdentity(account: AccountId, invokedBy: string): JsonObject {
  return { accountId: account, invokedBy };
}
