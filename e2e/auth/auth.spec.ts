import { expect, test, type Page, type APIRequestContext } from "@playwright/test";
import { eventsResponseSchema } from "../../lib/query/events-response";
import { permalinkPath } from "../../lib/query/permalink";
import { getFrom } from "../support/http-from";
import { AUTH_PORT, AUTH_PROXY_PORT, AUTH_USERS, PROXY_HEADER, PROXY_USER } from "./auth-fixture";
import { signIn } from "./sign-in";

/**
 * Access control against the production build started by scripts/serve.mjs:
 * the built-in sign-in (roles, sessions, CSRF, security headers) and a server
 * behind a sign-in proxy that believes the identity header only from 127.0.0.1.
 */

const BASE = `http://127.0.0.1:${AUTH_PORT}`;
const PROXIED = `http://127.0.0.1:${AUTH_PROXY_PORT}`;
type UserKey = keyof typeof AUTH_USERS;

/** An API client signed in with the JSON form of POST /api/session. */
async function apiSignIn(request: APIRequestContext, who: UserKey): Promise<void> {
  const { name, password } = AUTH_USERS[who];
  const response = await request.post(`${BASE}/api/session`, {
    data: { user: name, password },
    headers: { origin: BASE },
  });
  expect(response.status()).toBe(200);
}

/** CSP violations reported by the browser while the test runs. */
function collectCspViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

test.describe("access control: built-in sign-in", () => {
  test("a signed-out permalink goes through sign-in and lands on the event", async ({
    page,
    playwright,
  }) => {
    const api = await playwright.request.newContext();
    await apiSignIn(api, "support");
    const found = eventsResponseSchema.parse(
      await (await api.get(`${BASE}/api/events?sourceIp=185.220.101.47&limit=1&wait=1`)).json(),
    );
    const event = found.events[0]!;
    await api.dispose();
    const permalink = permalinkPath(event);
    expect(permalink).toContain("?");

    const violations = collectCspViolations(page);
    await page.goto(`${BASE}${permalink}`);
    await expect(page).toHaveURL(/\/sign-in\?next=/);
    await signIn(page, "support", "");
    await expect(page).toHaveURL(`${BASE}${permalink}`);
    await expect(page.getByTestId("event-detail")).toBeVisible();
    await expect(page.getByTestId("event-detail")).toContainText(event.id);
    await expect(page.getByTestId("signed-in-user")).toContainText("sam");
    expect(violations).toEqual([]);
  });

  test("the table works under the CSP for an analyst, with export links", async ({ page }) => {
    const violations = collectCspViolations(page);
    await page.goto(`${BASE}/?sourceIp=185.220.101.47`);
    await expect(page).toHaveURL(/\/sign-in\?next=%2F%3FsourceIp/);
    await signIn(page, "analyst", "");
    await expect(page).toHaveURL(`${BASE}/?sourceIp=185.220.101.47`);
    await expect(page.getByTestId("load-complete")).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId("event-row").first()).toBeVisible();
    await expect(page.getByTestId("export-csv")).toBeVisible();
    await expect(page.getByTestId("nav-summary")).toBeVisible();
    const exported = await page.request.get(
      `${BASE}/api/export?format=ndjson&sourceIp=185.220.101.47`,
    );
    expect(exported.status()).toBe(200);
    expect(violations).toEqual([]);
  });

  test("a wrong password shows a message and sets no cookie", async ({ page, context }) => {
    await page.goto(`${BASE}/sign-in`);
    await page.getByTestId("sign-in-user").fill(AUTH_USERS.analyst.name);
    await page.getByTestId("sign-in-password").fill("not-the-password");
    await page.getByTestId("sign-in-submit").click();
    await expect(page.getByTestId("sign-in-error")).toHaveText(/Wrong user name or password/);
    expect(await context.cookies()).toEqual([]);
    expect((await page.request.get(`${BASE}/api/session`)).status()).toBe(401);
  });

  test("support: events, no export, no summary", async ({ page }) => {
    await signIn(page, "support");
    await expect(page).toHaveURL(`${BASE}/`);
    await expect(page.getByTestId("load-complete")).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId("event-row").first()).toBeVisible();
    await expect(page.getByTestId("export-csv")).toHaveCount(0);
    await expect(page.getByTestId("nav-summary")).toHaveCount(0);

    const exported = await page.request.get(`${BASE}/api/export?format=csv`);
    expect(exported.status()).toBe(403);
    expect(await exported.json()).toEqual({ error: "The support role does not allow this." });
    expect((await page.request.get(`${BASE}/api/summary`)).status()).toBe(403);

    // The page it may not open answers 403, not 200 with a message (#22).
    const refused = await page.goto(`${BASE}/summary`);
    expect(refused?.status()).toBe(403);
    expect(refused?.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
    await expect(page.getByTestId("not-allowed")).toContainText("support");
    await expect(page.getByTestId("not-allowed")).toContainText("/summary");
  });

  test("manager: the summary opens, export does not", async ({ page }) => {
    await signIn(page, "manager", "/sign-in?next=%2Fsummary");
    await expect(page).toHaveURL(`${BASE}/summary`);
    await expect(page.getByTestId("actors-table").first()).toBeVisible({ timeout: 60_000 });
    expect((await page.request.get(`${BASE}/api/summary`)).status()).toBe(200);
    expect((await page.request.get(`${BASE}/api/export`)).status()).toBe(403);
    await page.goto(`${BASE}/`);
    await expect(page.getByTestId("signed-in-user")).toContainText("maria");
    await expect(page.getByTestId("export-csv")).toHaveCount(0);
  });

  test("a tampered session cookie signs out; sign-out ends the session", async ({
    page,
    context,
  }) => {
    await signIn(page, "analyst");
    await expect(page.getByTestId("signed-in-user")).toContainText("alice");
    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({ name: "trailglass_session", httpOnly: true, sameSite: "Lax" });

    // Claim another role in the payload, keeping the signature.
    const [payload, signature] = cookie!.value.split(".");
    const claims = JSON.parse(Buffer.from(payload!, "base64url").toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, user: "sam" })).toString("base64url");
    await context.addCookies([{ ...cookie!, value: `${forged}.${signature}` }]);
    expect((await page.request.get(`${BASE}/api/session`)).status()).toBe(401);
    await page.goto(`${BASE}/`);
    await expect(page).toHaveURL(/\/sign-in\?next=%2F$/);

    await context.addCookies([cookie!]);
    await page.goto(`${BASE}/`);
    await page.getByTestId("sign-out").click();
    await expect(page).toHaveURL(`${BASE}/sign-in`);
    expect((await page.request.get(`${BASE}/api/session`)).status()).toBe(401);
  });

  test("a sign-in posted from another site is refused (CSRF)", async ({ playwright }) => {
    const api = await playwright.request.newContext();
    const { name, password } = AUTH_USERS.analyst;
    const foreign = await api.post(`${BASE}/api/session`, {
      form: { user: name, password },
      headers: { origin: "https://evil.example" },
      maxRedirects: 0,
    });
    expect(foreign.status()).toBe(403);
    expect(foreign.headers()["set-cookie"]).toBeUndefined();
    const noOrigin = await api.post(`${BASE}/api/session`, { form: { user: name, password } });
    expect(noOrigin.status()).toBe(403);
    await api.dispose();
  });

  test("after sign-in, only same-site paths are followed", async ({ page }) => {
    await signIn(page, "analyst", "/sign-in?next=%2F%2Fevil.example%2Fx");
    await expect(page).toHaveURL(`${BASE}/`);
  });

  test("security headers on a page and an API answer; health says little when signed out", async ({
    request,
  }) => {
    const page = await request.get(`${BASE}/sign-in`);
    const csp = page.headers()["content-security-policy"]!;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(page.headers()["x-content-type-options"]).toBe("nosniff");

    const api = await request.get(`${BASE}/api/health`);
    expect(api.headers()["x-content-type-options"]).toBe("nosniff");
    expect(api.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(await api.json()).toEqual({ ok: true });
    expect((await request.get(`${BASE}/api/events`)).status()).toBe(401);
  });
});

test.describe("access control: behind a sign-in proxy", () => {
  test.beforeAll(async ({ request }) => {
    await expect
      .poll(async () => (await request.get(`${PROXIED}/api/health`).catch(() => null))?.status(), {
        timeout: 120_000,
      })
      .toBe(200);
  });

  test("the identity header is believed from a trusted proxy address only", async ({ request }) => {
    const trusted = await request.get(`${PROXIED}/api/session`, {
      headers: { [PROXY_HEADER]: PROXY_USER },
    });
    expect(await trusted.json()).toEqual({ user: PROXY_USER, role: "manager", mode: "proxy" });
    expect(
      (
        await request.get(`${PROXIED}/api/summary`, { headers: { [PROXY_HEADER]: PROXY_USER } })
      ).status(),
    ).toBe(200);
    expect(
      (
        await request.get(`${PROXIED}/api/export`, { headers: { [PROXY_HEADER]: PROXY_USER } })
      ).status(),
    ).toBe(403);
    // Signed in at the proxy but not a trailglass user: no role, refused.
    const stranger = await request.get(`${PROXIED}/api/events`, {
      headers: { [PROXY_HEADER]: "mallory@example.com" },
    });
    expect(stranger.status()).toBe(403);
    // No header from the proxy: not signed in.
    expect((await request.get(`${PROXIED}/api/events`)).status()).toBe(401);

    // The same header from 127.0.0.2, which is not in TRAILGLASS_TRUSTED_PROXIES.
    const untrusted = await getFrom("127.0.0.2", `${PROXIED}/api/session`, {
      [PROXY_HEADER]: PROXY_USER,
    });
    expect(untrusted.status).toBe(403);
    expect(untrusted.body).toContain("sign-in proxy");
    // Nor can a client claim to be the proxy by sending the peer header itself.
    const forged = await getFrom("127.0.0.2", `${PROXIED}/api/session`, {
      [PROXY_HEADER]: PROXY_USER,
      "x-trailglass-peer": "127.0.0.1",
    });
    expect(forged.status).toBe(403);
  });
});
