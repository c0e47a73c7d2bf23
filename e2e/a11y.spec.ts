import { expect, type Page, test } from "@playwright/test";
import { formatUtc } from "../components/events/format";
import { permalinkPath } from "../lib/query/permalink";
import { AUTH_PORT } from "./auth/auth-fixture";
import { signIn } from "./auth/sign-in";
import { EventsPage } from "./events-page";
import { seriousViolations } from "./support/axe";
import { incidentCreateUser } from "./support/sample-incident";

/**
 * Accessibility: axe-core on every page in both themes (no serious or critical
 * violation), landmarks, one h1 and a title naming the view, skip links, and
 * the keyboard in the table and the event detail.
 */

const AUTH = `http://127.0.0.1:${AUTH_PORT}`;

/** The page's h1s, its landmarks and its title. */
async function structure(page: Page) {
  return {
    h1: await page.locator("h1").count(),
    banner: await page.getByRole("banner").count(),
    main: await page.getByRole("main").count(),
    navigation: await page.getByRole("navigation", { name: "Views" }).count(),
    title: await page.title(),
  };
}

for (const colorScheme of ["light", "dark"] as const) {
  test.describe(`axe, ${colorScheme} theme`, () => {
    test.use({ colorScheme });

    test("the events table", async ({ page }) => {
      const events = new EventsPage(page);
      await events.open();
      await events.waitLoaded();
      expect(await seriousViolations(page)).toEqual([]);
    });

    test("an open event", async ({ page }) => {
      const incident = await incidentCreateUser(page.request);
      const events = new EventsPage(page);
      await events.open(`sourceIp=185.220.101.47&event=${incident.id}`);
      await events.waitLoaded();
      await expect(page.getByTestId("fact-event-id")).toHaveText(incident.id);
      expect(await seriousViolations(page)).toEqual([]);
    });

    test("a permalink", async ({ page }) => {
      const incident = await incidentCreateUser(page.request);
      await page.goto(permalinkPath(incident));
      await expect(page.getByTestId("fact-event-id")).toHaveText(incident.id);
      expect(await seriousViolations(page)).toEqual([]);
    });

    test("Who did what", async ({ page }) => {
      await page.goto("/summary");
      await expect(page.getByTestId("load-complete")).toBeVisible({ timeout: 60_000 });
      await expect(page.getByTestId("actors-table").first()).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
    });

    test("sign-in, not allowed and not found", async ({ page }) => {
      await page.goto(`${AUTH}/sign-in`);
      await expect(page.getByTestId("sign-in-user")).toBeVisible();
      expect(await seriousViolations(page), "sign-in").toEqual([]);

      await signIn(page, "support");
      await page.goto(`${AUTH}/summary`);
      await expect(page.getByTestId("not-allowed")).toBeVisible();
      expect(await seriousViolations(page), "not allowed").toEqual([]);

      await page.goto(`${AUTH}/no-such-page`);
      await expect(page.getByTestId("not-found")).toBeVisible();
      expect(await seriousViolations(page), "not found").toEqual([]);
    });
  });
}

test.describe("page structure", () => {
  test("every page has a banner, a main, one h1 and a title naming the view or the event", async ({
    page,
  }) => {
    const events = new EventsPage(page);
    await events.open();
    await events.waitLoaded();
    expect(await structure(page)).toEqual({
      h1: 1,
      banner: 1,
      main: 1,
      navigation: 1,
      title: "Events · trailglass",
    });
    await expect(page.locator("h1")).toHaveText("Events");

    const incident = await incidentCreateUser(page.request);
    await page.goto(permalinkPath(incident));
    await expect(page.getByTestId("fact-event-id")).toHaveText(incident.id);
    expect(await structure(page)).toEqual({
      h1: 1,
      banner: 1,
      main: 1,
      navigation: 1,
      title: `CreateUser by ci-deploy, ${formatUtc(incident.time)} UTC · trailglass`,
    });
    await expect(page.locator("h1")).toHaveText("CreateUser");

    await page.goto("/summary");
    await expect(page.getByTestId("load-complete")).toBeVisible({ timeout: 60_000 });
    expect(await structure(page)).toEqual({
      h1: 1,
      banner: 1,
      main: 1,
      navigation: 1,
      title: "Who did what · trailglass",
    });
    await expect(page.locator("h1")).toHaveText(/^Who did what, \d{4}-\d\d-\d\d .* UTC$/);

    await page.goto("/no-such-page");
    expect(await structure(page)).toMatchObject({
      h1: 1,
      main: 1,
      title: "Page not found · trailglass",
    });
  });
});

test.describe("keyboard", () => {
  test("skip links lead past the header and the filters to the table's rows", async ({ page }) => {
    const events = new EventsPage(page);
    await events.open();
    await events.waitLoaded();
    await page.keyboard.press("Tab");
    await expect(page.getByTestId("skip-main")).toBeFocused();
    await expect(page.getByTestId("skip-main")).toBeVisible();
    await page.keyboard.press("Tab");
    await expect(page.getByTestId("skip-table")).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(events.rows.first()).toBeFocused();
    // The row the keyboard is on is plainly marked.
    const outline = await events.rows
      .first()
      .evaluate((row) => [getComputedStyle(row).outlineStyle, getComputedStyle(row).outlineWidth]);
    expect(outline).toEqual(["solid", "2px"]);
    await page.keyboard.press("ArrowDown");
    await expect(events.rows.nth(1)).toBeFocused();
    // The address holds the view, not where focus went.
    expect(new URL(page.url()).hash).toBe("");

    await page.goto("/summary");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await expect(page.getByRole("main")).toBeFocused();
  });

  test("the detail takes focus, moves along without adding history, and gives focus back", async ({
    page,
  }) => {
    const events = new EventsPage(page);
    await events.open("category=Management");
    await events.waitLoaded();
    const ids = await events.rows.evaluateAll((rows) =>
      rows.slice(0, 3).map((r) => r.getAttribute("data-event-id")!),
    );
    const historyLength = () => page.evaluate(() => window.history.length);
    const before = await historyLength();

    await events.rows.first().focus();
    await page.keyboard.press("Enter");
    await expect(events.detail).toBeFocused();
    await expect(events.detail).toHaveAttribute("role", "dialog");
    expect(await historyLength()).toBe(before + 1);

    // Up / down on the detail move the open event; the detail keeps focus.
    await page.keyboard.press("ArrowDown");
    await expect(page).toHaveURL(new RegExp(`event=${ids[1]}`));
    await page.keyboard.press("ArrowDown");
    await expect(page).toHaveURL(new RegExp(`event=${ids[2]}`));
    await expect(page.getByTestId("fact-event-id")).toHaveText(ids[2]!);
    await expect(events.detail).toBeFocused();
    await page.getByTestId("detail-previous").click();
    await expect(page).toHaveURL(new RegExp(`event=${ids[1]}`));
    expect(await historyLength()).toBe(before + 1);

    await page.keyboard.press("Escape");
    await expect(events.detail).toBeHidden();
    await expect(
      page.locator(`[data-testid="event-row"][data-event-id="${ids[1]}"]`),
    ).toBeFocused();

    // Back reopens the event last shown, then the table without one: no step per row move.
    await page.goBack();
    await expect(page).toHaveURL(new RegExp(`event=${ids[1]}`));
    await page.goBack();
    await expect(page).not.toHaveURL(/event=/);
    await expect(events.detail).toBeHidden();
  });

  test("counts are announced politely", async ({ page }) => {
    const events = new EventsPage(page);
    await events.open();
    await events.waitLoaded();
    await expect(events.total).toHaveAttribute("aria-live", "polite");
    await expect(events.total).toHaveAttribute("role", "status");
    await page.goto("/summary");
    await expect(page.getByTestId("summary-total")).toHaveAttribute("aria-live", "polite");
  });
});
