import { expect, type Page, test } from "@playwright/test";

/**
 * Who did what printed: an A4 report to hand on. Laid out at the printed
 * width (A4 less the 12 mm margins) under print media: no text under 9 pt,
 * every chart inside the page, labelled column headers (repeated on each
 * page), no app chrome; then printed to PDF.
 */

/** A4's 210 mm less two 12 mm margins, in CSS px (96 per inch). */
const PAGE_WIDTH_PX = Math.floor((186 / 25.4) * 96);
/** 9 pt in CSS px. */
const MIN_FONT_PX = 12;

async function openSummary(page: Page): Promise<void> {
  await page.goto("/summary");
  await expect(page.getByTestId("load-complete")).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId("actors-table").first()).toBeVisible();
  await expect(page.getByTestId("chart-timeline").locator("svg").first()).toBeVisible();
}

/** Every text shown in the page, with its font size, in px. */
function shownTextSizes(page: Page) {
  return page.evaluate(() => {
    const sizes: { text: string; px: number }[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim() ?? "";
      const range = document.createRange();
      range.selectNodeContents(node);
      if (!text || range.getClientRects().length === 0) continue;
      sizes.push({
        text: text.slice(0, 40),
        px: parseFloat(getComputedStyle(node.parentElement!).fontSize),
      });
    }
    return sizes;
  });
}

test.describe("Who did what, printed", () => {
  test("lays out within an A4 page: 9 pt text at least, charts inside, headers labelled, no chrome", async ({
    page,
  }) => {
    await page.setViewportSize({ width: PAGE_WIDTH_PX, height: 1000 });
    await openSummary(page);
    await page.emulateMedia({ media: "print" });

    // No app chrome: the header, the skip links, the filters and the page's controls.
    await expect(page.getByRole("banner")).toBeHidden();
    await expect(page.getByTestId("skip-main")).toBeHidden();
    await expect(page.getByTestId("filters")).toBeHidden();
    await expect(page.getByRole("button", { name: "Print" })).toBeHidden();
    await expect(page.getByTestId("hide-services")).toBeHidden();
    await expect(page.getByTestId("theme-toggle")).toBeHidden();
    await expect(page.locator(".print-title")).toBeVisible();
    await expect(page.locator(".print-title")).toHaveText(/^Who did what, .* UTC$/);

    // Nothing runs past the page's edge (the browser would shrink the whole report to fit it).
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      PAGE_WIDTH_PX,
    );
    const charts = page.locator(".recharts-wrapper > svg.recharts-surface");
    await expect(charts).toHaveCount(3);
    for (const chart of await charts.all()) {
      const box = (await chart.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(PAGE_WIDTH_PX);
    }

    const small = (await shownTextSizes(page)).filter((t) => t.px < MIN_FONT_PX);
    expect(small).toEqual([]);

    // Column headers are text, not buttons: Chromium leaves buttons out of the header it repeats.
    const header = page.getByTestId("actors-people").locator("thead th");
    for (const th of await header.all()) {
      if (!(await th.isVisible())) continue;
      expect((await th.innerText()).trim()).not.toBe("");
      await expect(th.getByRole("button")).toBeHidden();
    }
    expect(
      await page
        .getByTestId("actors-people")
        .locator("thead")
        .evaluate((thead) => getComputedStyle(thead).display),
    ).toBe("table-header-group");

    const pdf = await page.pdf({ preferCSSPageSize: true });
    const pages = pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? [];
    expect(pages.length).toBeGreaterThanOrEqual(2);
    // A4 in points (595 x 842).
    const [, width, height] = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(
      pdf.toString("latin1"),
    )!;
    expect(Math.round(Number(width))).toBe(595);
    expect(Math.round(Number(height))).toBe(842);
  });

  test("printing from a wide screen draws the charts at the page's width", async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await openSummary(page);
    // What the charts are as the browser lays the page out for paper (after the page's own
    // beforeprint listener, which was added first).
    await page.evaluate(() => {
      window.addEventListener("beforeprint", () => {
        document.body.dataset.printedChartWidths = [
          ...document.querySelectorAll(".recharts-wrapper > svg.recharts-surface"),
        ]
          .map((svg) => svg.getAttribute("width"))
          .join(",");
      });
    });
    const onScreen = await page
      .locator(".recharts-wrapper > svg.recharts-surface")
      .evaluateAll((svgs) => svgs.map((svg) => Number(svg.getAttribute("width"))));
    await page.pdf({ format: "A4" });
    const printed = (await page.evaluate(() => document.body.dataset.printedChartWidths ?? ""))
      .split(",")
      .map(Number);
    expect(printed).toHaveLength(3);
    for (const width of printed) expect(width).toBeLessThanOrEqual(PAGE_WIDTH_PX);
    // The timeline takes the page's width, the other two half of it each.
    expect(printed[0]).toBeGreaterThan(PAGE_WIDTH_PX * 0.9);
    expect(printed[1]).toBeLessThan(PAGE_WIDTH_PX / 2);
    expect(printed[0]).not.toBe(onScreen[0]);
    // Back on screen afterwards.
    await expect
      .poll(() =>
        page
          .locator(".recharts-wrapper > svg.recharts-surface")
          .evaluateAll((svgs) => svgs.map((svg) => Number(svg.getAttribute("width")))),
      )
      .toEqual(onScreen);
  });
});
