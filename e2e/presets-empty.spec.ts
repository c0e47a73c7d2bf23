import { expect, test } from "@playwright/test";
import { EventsPage } from "./events-page";

/**
 * #18, 6: presets that mean something on the sample (it lies in the past:
 * they count back from its end), and an empty view that says, in sight,
 * what to try.
 */

const SAMPLE_END = "2026-11-06T23:59:59.000Z";

test.describe("time presets and the empty view", () => {
  test("on the sample, the presets count back from its last instant and show its events", async ({
    page,
  }) => {
    const events = new EventsPage(page);
    await events.open();
    await events.waitLoaded();
    const preset = page.getByTestId("preset-24h");
    await expect(preset).toHaveAttribute(
      "title",
      /up to the sample's end \(2026-11-06 23:59:59 UTC\)/,
    );
    for (const [id, hours] of [
      ["preset-15min", 0.25],
      ["preset-1h", 1],
      ["preset-24h", 24],
    ] as const) {
      await page.getByTestId(id).click();
      await expect.poll(() => new URL(page.url()).searchParams.get("to")).toBe(SAMPLE_END);
      const from = new Date(Date.parse(SAMPLE_END) - hours * 3_600_000).toISOString();
      await expect.poll(() => new URL(page.url()).searchParams.get("from")).toBe(from);
      await events.waitLoaded();
      expect(await events.totalCount(), id).toBeGreaterThan(0);
    }
  });

  test("an empty view says so where the table would be, and what to try", async ({ page }) => {
    const events = new EventsPage(page);
    // After the sample's end, with a filter: nothing.
    await events.open("from=2026-11-20T00:00:00Z&to=2026-11-21T00:00:00Z&eventName=CreateUser");
    const empty = page.getByTestId("no-events");
    await expect(empty).toBeVisible();
    await expect(empty).toContainText("No events match this view");
    await expect(empty).toBeInViewport();
    const box = (await empty.boundingBox())!;
    expect(box.y + 80).toBeLessThan(page.viewportSize()!.height);
    // The sample's own range, the filter kept.
    await empty.getByTestId("empty-data-span").click();
    await events.waitLoaded();
    expect(await events.chips()).toEqual(["eventName=CreateUser"]);
    expect(await events.totalCount()).toBeGreaterThan(0);

    // In the sample's range, a filter that matches nothing: the range without it, counted.
    await events.open("eventName=createuser");
    await expect(empty).toBeInViewport();
    await expect(empty).toContainText(/holds 20,062 events without them/);
    await empty.getByTestId("empty-clear-filters").click();
    await events.waitLoaded();
    expect(events.filterParams()).toEqual([]);
    expect(await events.totalCount()).toBe(20_062);
  });
});
