import { BROWSERS, IPS } from "./agents";
import { PROD } from "./config";
import { unknownUserIdentity } from "./identities";
import type { Actor } from "./schedule";
import { NO_SUCH_USER, consoleLogin } from "./signin";

/**
 * Callers CloudTrail cannot name: console sign-ins to user names the account
 * does not have. Their address is not who they are, so the sample gives them
 * none of the sample's named principals.
 */

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

export const STRANGER_ACTORS: readonly Actor[] = [signInGuesses];
