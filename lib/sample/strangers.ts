import { BROWSERS, IPS } from "./agents";
import { PROD, type AccountId, type Region } from "./config";
import { accessKeyId, base64ish } from "./ids";
import { unknownIdentity, unknownUserIdentity } from "./identities";
import type { Rng } from "./prng";
import { buildRecord, toEvent, type RecordSpec } from "./record";
import type { Actor } from "./schedule";
import { NO_SUCH_USER, consoleLogin } from "./signin";
import { stsDate } from "./time";
import type { GeneratedEvent, JsonObject } from "./types";

/**
 * Callers CloudTrail cannot name: guests of the mobile app (unauthenticated
 * Cognito identities, `{"type": "Unknown"}`) and console sign-ins to user names
 * the account does not have. Their address is not who they are: many share
 * one, and one moves between many.
 */

/** The identity pool of the orders mobile app; it admits unauthenticated (guest) identities. */
export const GUEST_POOL = {
  account: PROD as AccountId,
  region: "us-east-1" as Region,
  id: "us-east-1:5b0d7c4e-2f6a-4e91-b3a8-7c1d9e0f4a26",
  name: "acme_orders_mobile",
};

const GUEST_POOL_ARN = `arn:aws:cognito-identity:${GUEST_POOL.region}:${GUEST_POOL.account}:identitypool/${GUEST_POOL.id}`;

const MOBILE_AGENTS = [
  "aws-sdk-iOS/2.37.2 iOS/18.1.1 en_US",
  "aws-sdk-iOS/2.37.2 iOS/17.6.1 en_GB",
  "aws-sdk-android/2.77.0 Linux/5.15.148-android14-11-gb2ac6a1b8a5c Dalvik/2.1.0/0 en_US",
  "aws-sdk-android/2.77.0 Linux/5.10.205-android13-4-00013-g5b6d7e8f9a0b Dalvik/2.1.0/0 de_DE",
];

/**
 * A call of an unauthenticated identity to Cognito identity pools: a data event
 * of the pool, logged with `{"type": "Unknown"}` (nothing names the caller).
 */
function guestCall(
  rng: Rng,
  eventName: "GetId" | "GetCredentialsForIdentity",
  req: JsonObject,
  resp: JsonObject,
  timeMs: number,
  sourceIp: string,
  userAgent: string,
): GeneratedEvent {
  const spec: RecordSpec = {
    identity: unknownIdentity(),
    timeMs,
    eventSource: "cognito-identity.amazonaws.com",
    eventName,
    region: GUEST_POOL.region,
    sourceIp,
    userAgent,
    req,
    resp,
    readOnly: false,
    resources: [
      { accountId: GUEST_POOL.account, type: "AWS::Cognito::IdentityPool", ARN: GUEST_POOL_ARN },
    ],
    managementEvent: false,
    category: "Data",
    recipient: GUEST_POOL.account,
    tlsHost: `cognito-identity.${GUEST_POOL.region}.amazonaws.com`,
  };
  return toEvent(buildRecord(rng, spec), spec);
}

/**
 * Guests open the app: a new guest gets an identity id (GetId), then AWS
 * credentials for it (GetCredentialsForIdentity, no logins); a returning guest
 * only refreshes its credentials.
 */
const mobileGuests: Actor = {
  id: "mobile-guests",
  perDay: 3,
  hours: [11, 3],
  run: (rng, start, out) => {
    const ip = rng.pick(IPS.mobileGuests);
    const agent = rng.pick(MOBILE_AGENTS);
    const identityId = `${GUEST_POOL.region}:${rng.uuid()}`;
    let t = start;
    if (rng.chance(0.6)) {
      out.push(
        guestCall(rng, "GetId", { identityPoolId: GUEST_POOL.id }, { identityId }, t, ip, agent),
      );
      t += rng.int(150, 900);
    }
    const credentials = {
      accessKeyId: accessKeyId(rng, "ASIA"),
      sessionToken: `IQoJb3JpZ2luX2VjE${base64ish(rng, 180)}`,
      expiration: stsDate(t + 3600_000),
    };
    out.push(
      guestCall(
        rng,
        "GetCredentialsForIdentity",
        { identityId },
        { credentials, identityId },
        t,
        ip,
        agent,
      ),
    );
  },
};

/** Someone tries common user names on the prod account's console sign-in page. */
const signInGuesses: Actor = {
  id: "sign-in-guesses",
  perDay: 0,
  at: [Date.UTC(2026, 10, 5, 9, 14, 7)],
  run: (rng, start, out) => {
    let t = start;
    for (let i = rng.int(5, 7); i > 0; i--) {
      out.push(
        consoleLogin(rng, {
          identity: unknownUserIdentity(PROD),
          recipient: PROD,
          timeMs: t,
          sourceIp: IPS.signInGuesser,
          userAgent: BROWSERS.headlessLinux,
          mfa: false,
          success: false,
          failure: NO_SUCH_USER,
        }),
      );
      t += rng.int(8, 40) * 1000;
    }
  },
};

export const STRANGER_ACTORS: readonly Actor[] = [mobileGuests, signInGuesses];
