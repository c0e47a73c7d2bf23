import { expect, test, type APIRequestContext } from "@playwright/test";
import { ROOT } from "../support/serve-next";
import { AUTH_PORT, AUTH_USERS, BROKEN_FILE, BROKEN_TRAIL } from "./auth-fixture";

/**
 * Where the server keeps its trail folders is for analysts (#22): support and
 * managers see a folder by its name in /api/health, the problems, the
 * integrity report and a permalink's "Looked in", never a path of the server.
 * The password server reads the sample trail (ROOT/sample-trail) and a folder
 * holding one file that is not gzip.
 */

const BASE = `http://127.0.0.1:${AUTH_PORT}`;
/** An event id nobody has, at a time inside the sample: the permalink looks, and says where. */
const MISSING = "/api/events/00000000-0000-4000-8000-00000000dead?time=2026-11-04T02:31:07Z";

test.describe("server paths", () => {
  const clients: Partial<Record<keyof typeof AUTH_USERS, APIRequestContext>> = {};
  test.beforeAll(async ({ playwright }) => {
    for (const who of ["analyst", "manager", "support"] as const) {
      const api = await playwright.request.newContext();
      const { name, password } = AUTH_USERS[who];
      const signedIn = await api.post(`${BASE}/api/session`, {
        data: { user: name, password },
        headers: { origin: BASE },
      });
      expect(signedIn.status()).toBe(200);
      clients[who] = api;
    }
  });
  test.afterAll(async () => {
    await Promise.all(Object.values(clients).map((c) => c.dispose()));
  });

  const bodyOf = async (who: keyof typeof AUTH_USERS, path: string) =>
    (await clients[who]!.get(`${BASE}${path}`)).text();

  test("support and managers see trail folders by name", async () => {
    for (const who of ["support", "manager"] as const) {
      const health = JSON.parse(await bodyOf(who, "/api/health")) as {
        sources: { kind: string; id: string }[];
      };
      expect(health.sources.map((s) => s.id).sort()).toEqual(["broken-trail", "sample-trail"]);

      const events = await bodyOf(who, "/api/events?limit=1&wait=1");
      const problems = (JSON.parse(events) as { problems: { source: string; file: string }[] })
        .problems;
      expect(problems).toContainEqual(
        expect.objectContaining({ source: "broken-trail", file: BROKEN_FILE }),
      );

      const missing = await clients[who]!.get(`${BASE}${MISSING}`);
      expect(missing.status()).toBe(404);
      const lookedIn = (await missing.json()) as { error: string; details: string[] };
      expect(lookedIn.details.join("\n")).toMatch(/^sample-trail: files delivered/m);

      for (const body of [
        JSON.stringify(health),
        events,
        JSON.stringify(lookedIn),
        await bodyOf(who, "/api/integrity?wait=1"),
      ]) {
        expect(body).not.toContain(ROOT);
      }
    }
    expect(await bodyOf("manager", "/api/summary?wait=1")).not.toContain(ROOT);
  });

  test("analysts see where the server reads", async () => {
    const health = JSON.parse(await bodyOf("analyst", "/api/health")) as {
      sources: { id: string }[];
    };
    expect(health.sources.map((s) => s.id)).toContain(BROKEN_TRAIL);
    const missing = (await (await clients.analyst!.get(`${BASE}${MISSING}`)).json()) as {
      details: string[];
    };
    expect(missing.details.join("\n")).toContain(`${ROOT}/sample-trail: files delivered`);
  });

  test("the permalink page's Looked in, for support", async ({ page, context }) => {
    await context.addCookies(
      (await clients.support!.storageState()).cookies.filter(
        (c) => c.name === "trailglass_session",
      ),
    );
    await page.goto(`${BASE}${MISSING.replace("/api", "")}`);
    const notFound = page.getByTestId("event-not-found");
    await expect(notFound).toContainText("sample-trail: files delivered");
    await expect(notFound).not.toContainText(ROOT);
  });
});
