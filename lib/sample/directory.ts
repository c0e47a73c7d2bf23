import { DEV, PROD, SECURITY, type AccountId } from "./config";
import { accessKeyId, uniqueId } from "./ids";
import type { IamRole, IamUser, IdentityCenterPerson } from "./identities";
import { Rng } from "./prng";

/** The named principals of the sample organization, with stable generated ids. */

const rng = Rng.stream("directory");

function user(account: AccountId, userName: string, key?: string): IamUser {
  return {
    account,
    userName,
    principalId: uniqueId(rng, "AIDA"),
    arn: `arn:aws:iam::${account}:user/${userName}`,
    accessKeyId: key ?? accessKeyId(rng, "AKIA"),
  };
}

function role(account: AccountId, name: string, path = "/"): IamRole {
  return {
    account,
    name,
    principalId: uniqueId(rng, "AROA"),
    arn: `arn:aws:iam::${account}:role${path}${name}`,
  };
}

const SSO_PATH = "/aws-reserved/sso.amazonaws.com/";

function ssoRoles(account: AccountId, suffixes: Record<string, string>): Record<string, IamRole> {
  const out: Record<string, IamRole> = {};
  for (const [permissionSet, suffix] of Object.entries(suffixes)) {
    out[permissionSet] = role(account, `AWSReservedSSO_${permissionSet}_${suffix}`, SSO_PATH);
  }
  return out;
}

const IDENTITY_STORE_ID = "d-9067c4a1b2";
export const IDENTITY_STORE_ARN = `arn:aws:identitystore::${SECURITY}:identitystore/${IDENTITY_STORE_ID}`;
export const SSO_START_URL = "https://acme-corp.awsapps.com/start/";
export const GITHUB_OIDC = (account: AccountId) =>
  `arn:aws:iam::${account}:oidc-provider/token.actions.githubusercontent.com`;
export const OKTA_SAML_PROVIDER = `arn:aws:iam::${DEV}:saml-provider/Okta`;
export const SSO_SAML_PROVIDER = (account: AccountId) =>
  `arn:aws:iam::${account}:saml-provider/AWSSSO_6c1f0e9d2b7a4c85_DO_NOT_DELETE`;

export const USERS = {
  ciDeploy: user(PROD, "ci-deploy"),
  legacyReporting: user(PROD, "legacy-reporting"),
  marcus: user(DEV, "marcus.lee"),
  priya: user(DEV, "priya.natarajan"),
  breakGlass: user(SECURITY, "break-glass-admin"),
  /** Created by the attacker during the incident. */
  backupAdmin: user(PROD, "backup-admin"),
};

export const PEOPLE: Record<"alice" | "bob" | "carol" | "dmitri", IdentityCenterPerson> = {
  alice: { email: "alice@example.com", userId: rng.uuid() },
  bob: { email: "bob@example.com", userId: rng.uuid() },
  carol: { email: "carol@example.com", userId: rng.uuid() },
  dmitri: { email: "dmitri@example.com", userId: rng.uuid() },
};

const SSO = {
  [PROD]: ssoRoles(PROD, {
    AdministratorAccess: "3f9a1c2b7d4e5f60",
    ReadOnlyAccess: "8b2d4f6a1c3e5079",
    PowerUserAccess: "51e7c9a0b2d4f683",
  }),
  [DEV]: ssoRoles(DEV, {
    AdministratorAccess: "a04c7e1f92b35d68",
    ReadOnlyAccess: "2c6e8a0b4d1f3957",
    PowerUserAccess: "e9b1d3f5a7c20486",
  }),
  [SECURITY]: ssoRoles(SECURITY, {
    AdministratorAccess: "7d5b3f1e9c0a2468",
    ReadOnlyAccess: "b3a5c7e9d1f20864",
    PowerUserAccess: "0f2e4d6c8b1a3957",
  }),
} as Record<AccountId, Record<string, IamRole>>;

export function ssoRole(account: AccountId, permissionSet: string): IamRole {
  const found = SSO[account][permissionSet];
  if (!found) throw new Error(`no SSO role ${permissionSet} in ${account}`);
  return found;
}

export const ROLES = {
  appServer: role(PROD, "app-server-role"),
  ordersLambda: role(PROD, "orders-api-lambda-role", "/service-role/"),
  invoiceLambda: role(PROD, "invoice-renderer-lambda-role", "/service-role/"),
  exportLambda: role(PROD, "export-scheduler-lambda-role", "/service-role/"),
  schedulerProd: role(PROD, "eventbridge-scheduler-exports"),
  githubProd: role(PROD, "GitHubActionsDeployRole"),
  githubDev: role(DEV, "GitHubActionsDeployRole"),
  devApp: role(DEV, "dev-app-role"),
  oktaDeveloper: role(DEV, "OktaDeveloper"),
  auditProd: role(PROD, "OrganizationAuditRole"),
  auditDev: role(DEV, "OrganizationAuditRole"),
  securityAuditor: role(SECURITY, "SecurityAuditor", "/service-role/"),
  remediator: role(SECURITY, "guardrail-remediator-role", "/service-role/"),
  configProd: role(PROD, "AWSServiceRoleForConfig", "/aws-service-role/config.amazonaws.com/"),
  configDev: role(DEV, "AWSServiceRoleForConfig", "/aws-service-role/config.amazonaws.com/"),
  configSecurity: role(
    SECURITY,
    "AWSServiceRoleForConfig",
    "/aws-service-role/config.amazonaws.com/",
  ),
};

export function configRole(account: AccountId): IamRole {
  return account === PROD
    ? ROLES.configProd
    : account === DEV
      ? ROLES.configDev
      : ROLES.configSecurity;
}

export function auditRole(account: AccountId): IamRole {
  return account === PROD ? ROLES.auditProd : ROLES.auditDev;
}

/** A fresh temporary key for a session. */
export function sessionKey(r: Rng): string {
  return accessKeyId(r, "ASIA");
}
