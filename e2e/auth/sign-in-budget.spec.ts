import { expect, test } from "@playwright/test";
import { AUTH_PORT, AUTH_USERS, TRUSTED_PROXY, UNTRUSTED_PEER } from "./auth-fixture";
import { requestFrom } from "../support/http-from";

/**
 * Failed sign-ins are counted per client, behind a TLS proxy too (#22): the
 * password server trusts 127.0.0.1 as its proxy, so X-Forwarded-For names the
 * client when the request comes from there, and is ignored from anywhere else.
 */

const BASE = `http://127.0.0.1:${AUTH_PORT}`;
const { name, password } = AUTH_USERS.analyst;

function signIn(peer: string, user: string, pass: string, forwardedFor?: string) {
  return requestFrom(peer, `${BASE}/api/session`, {
    method: "POST",
    headers: {
      origin: BASE,
      "content-type": "application/json",
      ...(forwardedFor ? { "x-forwarded-for": forwardedFor } : {}),
    },
    body: JSON.stringify({ user, password: pass }),
  });
}

/** 20 wrong passwords for as many unknown names: the client's whole budget. */
async function exhaust(peer: string, forwardedFor: (i: number) => string | undefined) {
  for (let i = 0; i < 20; i++) {
    const failed = await signIn(peer, `nobody-${i}@example.com`, "wrong", forwardedFor(i));
    expect(failed.status).toBe(401);
  }
}

test.describe("sign-in budgets", () => {
  test("20 bad sign-ins through the proxy from one client do not lock out another", async () => {
    await exhaust(TRUSTED_PROXY, () => "198.51.100.7");
    const limited = await signIn(TRUSTED_PROXY, name, password, "198.51.100.7");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    // Another client behind the same proxy (with a hop it made up on the left, ignored).
    expect((await signIn(TRUSTED_PROXY, name, password, "6.6.6.6, 198.51.100.8")).status).toBe(200);
  });

  test("X-Forwarded-For from a peer that is not a trusted proxy is ignored", async () => {
    await exhaust(UNTRUSTED_PEER, (i) => `203.0.113.${i}`);
    expect((await signIn(UNTRUSTED_PEER, name, password, "203.0.113.99")).status).toBe(429);
    expect((await signIn(TRUSTED_PROXY, name, password, "203.0.113.99")).status).toBe(200);
  });

  test("two IPv6 addresses in one /64 share a budget", async () => {
    await exhaust(TRUSTED_PROXY, () => "2001:db8:1:2::10");
    expect((await signIn(TRUSTED_PROXY, name, password, "2001:db8:1:2::99")).status).toBe(429);
    expect((await signIn(TRUSTED_PROXY, name, password, "2001:db8:1:3::10")).status).toBe(200);
  });

  test("a burst of guesses from many addresses is answered busy beyond 100 waiting, then sign-in works", async () => {
    // 200 addresses, each an unknown name once: every attempt is within its budgets.
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        signIn(TRUSTED_PROXY, `burst-${i}@example.com`, "wrong", `192.0.2.${i % 250}`),
      ),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status !== 401 && status !== 503)).toEqual([]);
    const busy = answers.filter((answer) => answer.status === 503);
    expect(busy.length).toBeGreaterThan(0);
    expect(busy[0]!.headers["retry-after"]).toBe("5");
    expect(JSON.parse(busy[0]!.body)).toEqual({
      error: "Sign-in is busy: try again in a few seconds.",
    });
    // The checks that waited were all made; the queue is empty again.
    expect(statuses.filter((status) => status === 401).length).toBeGreaterThanOrEqual(100);
    expect((await signIn(TRUSTED_PROXY, name, password, "198.51.100.200")).status).toBe(200);
  });
});
