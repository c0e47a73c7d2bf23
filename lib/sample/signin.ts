import type { AccountId } from "./config";
import { IDENTITY_STORE_ARN, SSO_START_URL } from "./directory";
import { identityCenterUserIdentity, type IdentityCenterPerson } from "./identities";
import type { Rng } from "./prng";
import { managementEvent } from "./record";
import type { GeneratedEvent, JsonObject } from "./types";

/** Console sign-in (IAM users, root) and Identity Center sign-in records. */

export interface ConsoleLoginInput {
  identity: JsonObject;
  recipient: AccountId;
  timeMs: number;
  sourceIp: string;
  userAgent: string;
  mfa: boolean;
  success: boolean;
  /** The errorMessage of a failure: "Failed authentication" (a wrong password) unless given. */
  failure?: string;
}

/** What CloudTrail writes for a console sign-in to a user name the account does not have. */
export const NO_SUCH_USER = "No username found in supplied account";

export function consoleLogin(rng: Rng, c: ConsoleLoginInput): GeneratedEvent {
  return managementEvent(rng, {
    identity: c.identity,
    timeMs: c.timeMs,
    eventSource: "signin.amazonaws.com",
    eventName: "ConsoleLogin",
    region: "us-east-1",
    sourceIp: c.sourceIp,
    userAgent: c.userAgent,
    error: c.success
      ? undefined
      : { code: undefined, message: c.failure ?? "Failed authentication" },
    req: null,
    resp: { ConsoleLogin: c.success ? "Success" : "Failure" },
    additional: {
      LoginTo:
        "https://console.aws.amazon.com/console/home?hashArgs=%23&isauthcode=true&state=hashArgsFromTB_us-east-1",
      MobileVersion: "No",
      MFAIdentifier: c.mfa ? `arn:aws:iam::${c.recipient}:mfa/authenticator` : undefined,
      MFAUsed: c.mfa ? "Yes" : "No",
    },
    requestId: null,
    readOnly: false,
    eventType: "AwsConsoleSignIn",
    recipient: c.recipient,
    tlsHost: "signin.aws.amazon.com",
  });
}

/** Identity Center sign-in, recorded in the Identity Center account as an AwsServiceEvent. */
export function identityCenterSignIn(
  rng: Rng,
  account: AccountId,
  person: IdentityCenterPerson,
  timeMs: number,
  sourceIp: string,
  userAgent: string,
): GeneratedEvent[] {
  const credentialId = rng.hex(32);
  const workflow = rng.uuid();
  const identity = identityCenterUserIdentity(account, IDENTITY_STORE_ARN, person, credentialId);
  const step = (name: string, offsetMs: number, extra: JsonObject, details: JsonObject) =>
    managementEvent(rng, {
      identity,
      timeMs: timeMs + offsetMs,
      eventSource: "signin.amazonaws.com",
      eventName: name,
      region: "us-east-1",
      sourceIp,
      userAgent,
      req: null,
      resp: null,
      additional: {
        AuthWorkflowID: workflow,
        UserName: person.email,
        LoginTo: SSO_START_URL,
        ...extra,
      },
      readOnly: false,
      eventType: "AwsServiceEvent",
      recipient: account,
      serviceEventDetails: details,
    });
  return [
    step(
      "CredentialChallenge",
      0,
      { CredentialType: "PASSWORD" },
      { CredentialChallenge: "Success" },
    ),
    step(
      "CredentialVerification",
      4_000,
      { CredentialType: "PASSWORD" },
      { CredentialVerification: "Success" },
    ),
    step(
      "CredentialChallenge",
      5_000,
      { CredentialType: "TOTP" },
      { CredentialChallenge: "Success" },
    ),
    step(
      "CredentialVerification",
      14_000,
      { CredentialType: "TOTP" },
      { CredentialVerification: "Success" },
    ),
    step(
      "UserAuthentication",
      15_000,
      { CredentialType: "PASSWORD,TOTP" },
      { UserAuthentication: "Success" },
    ),
  ];
}
