import { expect, test } from "@playwright/test";
import { PUBLIC_URL, TRUSTED_PROXY, UNTRUSTED_PEER } from "./auth/auth-fixture";
import { getFrom } from "./support/http-from";

/**
 * Only the server's own host names are answered (#22): another name pointing
 * at it (DNS rebinding) gets 421 with the security headers. The sample server
 * (no access control, on 127.0.0.1) and the one behind a sign-in proxy
 * (TRAILGLASS_PUBLIC_URL, trusting 127.0.0.1 as its proxy).
 */

const PORT = Number(process.env.E2E_PORT ?? 3107);
const PROXY_PORT = Number(process.env.E2E_AUTH_PROXY_PORT ?? 3111);
const SAMPLE = `http://127.0.0.1:${PORT}`;
const PROXIED = `http://127.0.0.1:${PROXY_PORT}`;

function expectRefused(answer: { status: number; headers: Record<string, unknown> }) {
  expect(answer.status).toBe(421);
  expect(answer.headers["x-content-type-options"]).toBe("nosniff");
  expect(String(answer.headers["content-security-policy"])).toContain("frame-ancestors 'none'");
}

test.describe("host names", () => {
  test("without access control, on loopback: the loopback names only", async () => {
    for (const host of [`127.0.0.1:${PORT}`, `localhost:${PORT}`]) {
      expect((await getFrom("127.0.0.1", `${SAMPLE}/api/health`, { host })).status, host).toBe(200);
    }
    const rebound = await getFrom("127.0.0.1", `${SAMPLE}/api/events`, {
      host: `rebind.evil.example:${PORT}`,
    });
    expectRefused(rebound);
    expect(rebound.body).not.toContain("eventName");
    expectRefused(await getFrom("127.0.0.1", `${SAMPLE}/`, { host: "rebind.evil.example" }));
  });

  test("TRAILGLASS_PUBLIC_URL's name; X-Forwarded-Host only from the trusted proxy", async () => {
    const publicHost = new URL(PUBLIC_URL).host;
    expect(
      (await getFrom(TRUSTED_PROXY, `${PROXIED}/api/health`, { host: publicHost })).status,
    ).toBe(200);
    expectRefused(
      await getFrom(TRUSTED_PROXY, `${PROXIED}/api/health`, { host: "other.example.test" }),
    );
    // The proxy forwards the name the browser used.
    expectRefused(
      await getFrom(TRUSTED_PROXY, `${PROXIED}/api/health`, {
        "x-forwarded-host": "rebind.evil.example",
      }),
    );
    expect(
      (
        await getFrom(TRUSTED_PROXY, `${PROXIED}/api/health`, {
          "x-forwarded-host": publicHost,
        })
      ).status,
    ).toBe(200);
    // From anyone else the header is not believed (and the proxy-mode server refuses them anyway).
    const stranger = await getFrom(UNTRUSTED_PEER, `${PROXIED}/api/health`, {
      "x-forwarded-host": "rebind.evil.example",
    });
    expect(stranger.status).toBe(403);
  });
});
