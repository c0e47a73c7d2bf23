import { expect, type Page, test } from "@playwright/test";
import { EventsPage } from "./events-page";
import { contrastRatio } from "./support/contrast";

/**
 * The theme: the system's light or dark, or the one chosen in the header,
 * remembered and rendered by the server (no flash of the other theme), with
 * charts readable in both.
 */

const pageBackground = (page: Page) =>
  page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
const isDark = async (page: Page) => contrastRatio(await pageBackground(page), "rgb(0, 0, 0)") < 2;

/** The summary's chart colors against their box: axis text, and each category's bars. */
async function chartContrasts(page: Page) {
  const chart = page.getByTestId("chart-timeline");
  return chart.evaluate((figure) => {
    const panel = getComputedStyle(figure).backgroundColor;
    const tick = figure.querySelector(".recharts-cartesian-axis-tick-value")!;
    const bars = [...figure.querySelectorAll(".recharts-bar")].flatMap((bar) => {
      const path = bar.querySelector("path");
      return path ? [getComputedStyle(path).fill] : [];
    });
    return { panel, text: getComputedStyle(tick).fill, bars };
  });
}

test.describe("theme", () => {
  test("follows the system: light, or dark", async ({ browser }) => {
    for (const colorScheme of ["light", "dark"] as const) {
      const context = await browser.newContext({ colorScheme });
      const page = await context.newPage();
      await page.goto("/summary");
      expect(await isDark(page), colorScheme).toBe(colorScheme === "dark");
      await context.close();
    }
  });

  test("a choice in the header applies at once and is rendered by the server next time", async ({
    page,
    context,
  }) => {
    await page.emulateMedia({ colorScheme: "light" });
    const events = new EventsPage(page);
    await events.open();
    await events.waitLoaded();
    const toggle = page.getByTestId("theme-toggle");
    await expect(toggle).toHaveValue("system");
    expect(await isDark(page)).toBe(false);

    await toggle.selectOption("dark");
    expect(await isDark(page)).toBe(true);
    // The server renders the choice into <html>: the first paint is already dark.
    const html = await (await context.request.get("/")).text();
    expect(html).toMatch(/<html[^>]*data-theme="dark"/);
    await page.reload();
    await expect(page.getByTestId("theme-toggle")).toHaveValue("dark");
    expect(await isDark(page)).toBe(true);

    // Light on a dark system, and back to the system's.
    await page.emulateMedia({ colorScheme: "dark" });
    await page.getByTestId("theme-toggle").selectOption("light");
    expect(await isDark(page)).toBe(false);
    await page.getByTestId("theme-toggle").selectOption("system");
    expect(await isDark(page)).toBe(true);
    expect((await context.cookies()).map((c) => c.name)).not.toContain("trailglass-theme");
    expect(await (await context.request.get("/")).text()).not.toMatch(/<html[^>]*data-theme=/);
  });

  test("charts are readable in both: axis text at 4.5:1, bars at 3:1 against their box", async ({
    page,
  }) => {
    for (const colorScheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme });
      await page.goto("/summary");
      await expect(page.getByTestId("load-complete")).toBeVisible({ timeout: 60_000 });
      await expect(
        page.getByTestId("chart-timeline").locator(".recharts-bar path").first(),
      ).toBeVisible();
      const { panel, text, bars } = await chartContrasts(page);
      expect(await isDark(page), colorScheme).toBe(colorScheme === "dark");
      expect(contrastRatio(text, panel), `axis text, ${colorScheme}`).toBeGreaterThanOrEqual(4.5);
      expect(bars.length).toBeGreaterThan(0);
      for (const fill of bars) {
        expect(contrastRatio(fill, panel), `bar ${fill}, ${colorScheme}`).toBeGreaterThanOrEqual(3);
      }
    }
  });
});
