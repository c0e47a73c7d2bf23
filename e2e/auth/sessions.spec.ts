import { readFileSync, writeFileSync } from "node:fs";
import { expect, test, type APIRequest, type APIRequestContext } from "@playwright/test";
import { hashPassword } from "../../lib/auth/password";
import { AUTH_PORT, AUTH_USERS, USERS_FILE } from "./auth-fixture";

/**
 * Sessions end on the server (#22): signing out revokes the session, so a copy
 * of its cookie stops working at once; editing a user's entry in the users
 * file (role, password, removal) ends that user's sessions without a restart.
 */

const BASE = `http://127.0.0.1:${AUTH_PORT}`;
type UserKey = keyof typeof AUTH_USERS;

/** A new API client signed in as `who`, and its session cookie. */
async function signedIn(clients: APIRequest, who: UserKey, password?: string) {
  const api = await clients.newContext();
  const { name, password: own } = AUTH_USERS[who];
  const response = await api.post(`${BASE}/api/session`, {
    data: { user: name, password: password ?? own },
    headers: { origin: BASE },
  });
  const cookie = (await api.storageState()).cookies.find((c) => c.name === "trailglass_session");
  return { api, status: response.status(), cookie: cookie?.value ?? "" };
}

/** `GET /api/session` with nothing but this cookie: as someone who copied it would. */
async function sessionWith(api: APIRequestContext, cookie: string) {
  return api.get(`${BASE}/api/session`, {
    headers: { cookie: `trailglass_session=${cookie}` },
  });
}

test.describe("sessions that end", () => {
  test("signing out ends the session on the server: its cookie stops working at once", async ({
    playwright,
    request,
  }) => {
    for (const signOut of [
      (api: APIRequestContext) =>
        api.post(`${BASE}/api/session/sign-out`, { headers: { origin: BASE }, maxRedirects: 0 }),
      (api: APIRequestContext) => api.delete(`${BASE}/api/session`, { headers: { origin: BASE } }),
    ]) {
      const { api, cookie } = await signedIn(playwright.request, "analyst");
      const other = await signedIn(playwright.request, "analyst");
      expect((await sessionWith(request, cookie)).status()).toBe(200);
      expect([200, 303]).toContain((await signOut(api)).status());
      expect((await sessionWith(request, cookie)).status()).toBe(401);
      expect(
        (
          await request.get(`${BASE}/api/events?limit=1`, {
            headers: { cookie: `trailglass_session=${cookie}` },
          })
        ).status(),
      ).toBe(401);
      // Another sign-in of the same user (another browser) goes on.
      expect((await sessionWith(request, other.cookie)).status()).toBe(200);
      await Promise.all([api.dispose(), other.api.dispose()]);
    }
  });

  test("signing in again, to switch users, ends the session held before", async ({
    playwright,
    request,
  }) => {
    const first = await signedIn(playwright.request, "analyst");
    const { name, password } = AUTH_USERS.support;
    const again = await first.api.post(`${BASE}/api/session`, {
      data: { user: name, password },
      headers: { origin: BASE },
    });
    expect(again.status()).toBe(200);
    expect((await sessionWith(request, first.cookie)).status()).toBe(401);
    expect(await (await first.api.get(`${BASE}/api/session`)).json()).toMatchObject({
      user: "sam",
    });
    await first.api.dispose();
  });

  test.describe("editing the users file", () => {
    const original = readFileSync(USERS_FILE, "utf8");
    test.afterAll(() => writeFileSync(USERS_FILE, original));

    type Entry = { name: string; role: string; passwordHash: string };
    const editUser = (change: (entry: Entry) => Entry | null) => {
      const file = JSON.parse(readFileSync(USERS_FILE, "utf8")) as { users: Entry[] };
      file.users = file.users.flatMap((u) => {
        if (u.name !== AUTH_USERS.edited.name) return [u];
        const changed = change(u);
        return changed ? [changed] : [];
      });
      writeFileSync(USERS_FILE, JSON.stringify(file, null, 2));
    };

    test("a changed role, a changed password or a removal ends the user's sessions", async ({
      playwright,
      request,
    }) => {
      const first = await signedIn(playwright.request, "edited");
      const bystander = await signedIn(playwright.request, "support");
      expect(await (await sessionWith(request, first.cookie)).json()).toMatchObject({
        role: "support",
      });

      editUser((u) => ({ ...u, role: "manager" }));
      expect((await sessionWith(request, first.cookie)).status()).toBe(401);
      expect((await sessionWith(request, bystander.cookie)).status()).toBe(200);
      const promoted = await signedIn(playwright.request, "edited");
      expect(await (await sessionWith(request, promoted.cookie)).json()).toMatchObject({
        role: "manager",
      });

      editUser((u) => ({ ...u, passwordHash: hashPassword("riley-new-password") }));
      expect((await sessionWith(request, promoted.cookie)).status()).toBe(401);
      expect((await signedIn(playwright.request, "edited")).status).toBe(401);
      const renewed = await signedIn(playwright.request, "edited", "riley-new-password");
      expect(renewed.status).toBe(200);

      editUser(() => null);
      expect((await sessionWith(request, renewed.cookie)).status()).toBe(401);
      expect((await signedIn(playwright.request, "edited", "riley-new-password")).status).toBe(401);
      expect((await sessionWith(request, bystander.cookie)).status()).toBe(200);
    });
  });
});
