import { expect, test } from "@playwright/test";
import { EventsPage } from "./events-page";

/** #18, 2: every active filter visible as a removable chip, whatever set it. */

/** The URL's filter values as `param=value` (the time range is not a chip: it has its fields). */
function urlFilters(url: string): string[] {
  const params = new URL(url).searchParams;
  return [...params]
    .filter(([key]) => !["event", "tz", "times", "sort", "from", "to"].includes(key))
    .map(([key, value]) => `${key}=${value}`)
    .sort();
}

test.describe("filter chips", () => {
  test("a filter only the URL sets shows as a chip; removing it leaves none hidden", async ({
    page,
  }) => {
    const events = new EventsPage(page);
    await events.open();
    await events.waitLoaded();
    const all = await events.totalCount();
    await events.open("actorType=root");
    await events.waitLoaded();
    expect(await events.totalCount()).toBe(10);
    const chip = page.getByTestId("filter-chip");
    await expect(chip).toHaveCount(1);
    await expect(chip).toContainText("Actor type");
    await expect(chip).toContainText("root");
    await chip.getByTestId("chip-remove").click();
    await expect(page).not.toHaveURL(/actorType/);
    await expect.poll(() => events.totalCount()).toBe(all);
    await expect(page.getByTestId("filter-chips")).toHaveCount(0);
  });

  test("filters from Who did what, a facet, a cell and the bar all show; Clear all removes every one", async ({
    page,
  }) => {
    // A drill-down from Who did what: the actor, its type and account.
    await page.goto("/summary");
    await expect(page.getByTestId("load-complete")).toBeVisible({ timeout: 60_000 });
    const actor = page.getByTestId("actor-link").first();
    const name = (await actor.textContent())!.trim();
    await actor.click();
    const events = new EventsPage(page);
    await events.waitLoaded();
    await expect(page).toHaveURL(/actor=/);
    expect(await events.chips()).toEqual(expect.arrayContaining([`actor=${name}`]));
    expect((await events.chips()).sort()).toEqual(urlFilters(page.url()));

    // A facet's −, a cell's +, and a value typed in the bar.
    const facet = page.getByTestId("facet-region").getByTestId("facet-value").first();
    const region = (await facet.getAttribute("data-value"))!;
    await facet.getByTestId("facet-exclude").click();
    await expect(page).toHaveURL(/-region=/);
    await events.waitLoaded();
    const cell = events.cells("eventName").first();
    const eventName = (await cell.textContent())!;
    await cell.hover();
    await cell.getByTestId("cell-include").click();
    await expect(page).toHaveURL(/[?&]eventName=/);
    await events.waitLoaded();
    await events.openMoreFilters();
    await page.getByTestId("filter-error").selectOption("none");
    await page.getByTestId("apply-filters").click();
    await expect(page).toHaveURL(/error=none/);
    await events.waitLoaded();

    const chips = await events.chips();
    expect(chips).toEqual(
      expect.arrayContaining([
        `-region=${region}`,
        `eventName=${eventName}`,
        "error=successful calls",
      ]),
    );
    // One chip per filter value in the URL: nothing applied unseen.
    expect(chips.length).toBe(urlFilters(page.url()).length);
    const excluded = page.locator('[data-testid="filter-chip"][data-param="-region"]');
    await expect(excluded).toContainText("Region");
    await expect(excluded).toContainText(`not ${region}`);

    await page.getByTestId("clear-filters").click();
    await expect.poll(() => urlFilters(page.url())).toEqual([]);
    await expect(page.getByTestId("filter-chips")).toHaveCount(0);
    await events.waitLoaded();
    expect(await events.totalCount()).toBeGreaterThan(15_000);
  });
});
