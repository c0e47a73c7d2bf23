import { expect, type Locator, type Page, test } from "@playwright/test";
import { permalinkPath } from "../lib/query/permalink";
import { EventsPage } from "./events-page";
import { incidentCreateUser } from "./support/sample-incident";

/**
 * A phone (390 x 844, touch): no page wider than the screen, filters and
 * facets folded away behind a disclosure, the detail on the whole screen,
 * wide tables scrolling inside their own frame.
 */

const PHONE = { width: 390, height: 844 };
test.use({ viewport: PHONE, isMobile: true, hasTouch: true });

/** How wide the page lays out (a mobile browser widens its layout to fit what overflows). */
const layoutWidth = (page: Page) =>
  page.evaluate(() => Math.max(document.documentElement.scrollWidth, window.innerWidth));

/** Whether a box scrolls sideways inside itself: its content is wider than it. */
const scrollsSideways = (box: Locator) =>
  box.evaluate((el) => el.scrollWidth > el.clientWidth + 1 && el.clientWidth <= 390);

test.describe("on a phone", () => {
  test("the events page fits the screen; filters and facets unfold; the table scrolls in its frame", async ({
    page,
  }) => {
    const events = new EventsPage(page);
    await events.open();
    await events.waitLoaded();
    expect(await layoutWidth(page)).toBe(PHONE.width);

    const eventName = page.getByTestId("filter-eventName");
    await expect(eventName).toBeHidden();
    const filtersToggle = page.getByTestId("filters-disclosure-toggle");
    await expect(filtersToggle).toHaveAttribute("aria-expanded", "false");
    await filtersToggle.tap();
    await expect(filtersToggle).toHaveAttribute("aria-expanded", "true");
    await expect(eventName).toBeVisible();
    expect(await layoutWidth(page)).toBe(PHONE.width);
    // A filter applied from the unfolded bar works as on a desktop.
    await events.applyTextFilter("eventName", "CreateUser");
    await expect(page).toHaveURL(/eventName=CreateUser/);
    await events.waitLoaded();
    await filtersToggle.tap();
    await expect(eventName).toBeHidden();

    const facets = page.getByTestId("facets");
    await expect(facets).toBeHidden();
    await page.getByTestId("facets-disclosure-toggle").tap();
    await expect(facets.getByTestId("facet-value").first()).toBeVisible();
    expect(await layoutWidth(page)).toBe(PHONE.width);

    expect(await scrollsSideways(page.getByTestId("table-scroll"))).toBe(true);
  });

  test("the event detail takes the whole screen", async ({ page }) => {
    const events = new EventsPage(page);
    await events.open("category=Management");
    await events.waitLoaded();
    await events.rows.first().tap();
    await expect(page.getByTestId("fact-event-id")).toBeVisible();
    expect(await events.detail.boundingBox()).toEqual({ x: 0, y: 0, ...PHONE });
    expect(await layoutWidth(page)).toBe(PHONE.width);
    await page.getByTestId("detail-next").tap();
    await expect(page).toHaveURL(/event=/);
    await page.getByRole("button", { name: "Close event detail" }).tap();
    await expect(events.detail).toBeHidden();
  });

  test("Who did what and a permalink fit the screen; the actors table scrolls in its frame", async ({
    page,
  }) => {
    await page.goto("/summary");
    await expect(page.getByTestId("load-complete")).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId("actors-table").first()).toBeVisible();
    expect(await layoutWidth(page)).toBe(PHONE.width);
    await expect(page.getByTestId("filter-eventName")).toBeHidden();
    const actorsFrame = page.getByTestId("actors-people").getByTestId("actors-table").locator("..");
    expect(await scrollsSideways(actorsFrame)).toBe(true);

    const incident = await incidentCreateUser(page.request);
    await page.goto(permalinkPath(incident));
    await expect(page.getByTestId("fact-event-id")).toHaveText(incident.id);
    expect(await layoutWidth(page)).toBe(PHONE.width);
  });
});
