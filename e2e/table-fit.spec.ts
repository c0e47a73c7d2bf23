import { expect, type Locator, type Page, test } from "@playwright/test";
import { EventsPage } from "./events-page";

/** #18, 1: a table that fits and shows every value. */

/** Whether an element's content is cut (wider than its box). */
const isCut = (locator: Locator) => locator.evaluate((el) => el.scrollWidth > el.clientWidth + 1);

/** The box of a cell's content (the element that cuts it). */
const content = (cell: Locator) => cell.locator(":scope > div");

async function headerWidth(page: Page, column: string): Promise<number> {
  return page
    .locator(`th[data-column="${column}"]`)
    .evaluate((th) => th.getBoundingClientRect().width);
}

test.describe("the table at a laptop's width", () => {
  for (const width of [1366, 1440]) {
    test(`fits ${width} px with the error column in sight, account IDs and IPv4 addresses whole`, async ({
      page,
    }) => {
      await page.setViewportSize({ width, height: 900 });
      const events = new EventsPage(page);
      await events.open();
      await events.waitLoaded();
      const scroller = page.getByTestId("table-scroll");
      const fits = await scroller.evaluate((el) => el.scrollWidth <= el.clientWidth);
      expect(fits, "no horizontal scrolling").toBe(true);
      const box = (await scroller.boundingBox())!;
      const error = (await page.locator('th[data-column="errorCode"]').boundingBox())!;
      expect(error.x + error.width).toBeLessThanOrEqual(box.x + box.width + 1);
      await expect(page.locator('th[data-column="errorCode"]')).toHaveText(/^Error/i);

      const accounts = events.cells("account");
      const ips = events.cells("sourceIp");
      expect(await accounts.count()).toBeGreaterThan(10);
      for (const cell of await accounts.all()) {
        expect(await isCut(content(cell)), (await cell.textContent()) ?? "").toBe(false);
      }
      for (const cell of await ips.all()) {
        const text = (await cell.textContent()) ?? "";
        if (/^\d+\.\d+\.\d+\.\d+$/.test(text)) {
          expect(await isCut(content(cell)), text).toBe(false);
        }
      }
    });
  }
});

test.describe("reading a cut value", () => {
  test("every cut value has its whole text in a tooltip", async ({ page }) => {
    const events = new EventsPage(page);
    await events.open();
    await events.waitLoaded();
    const cut = await page.locator('[data-testid="event-row"] td').evaluateAll((cells) =>
      cells
        .map((td) => td.firstElementChild as HTMLElement)
        .filter((box) => box.scrollWidth > box.clientWidth + 1)
        .map((box) => ({
          text: box.textContent ?? "",
          titles: [...box.querySelectorAll("[title]")].map((t) => t.getAttribute("title")),
        })),
    );
    expect(cut.length, "the sample's principals are long").toBeGreaterThan(0);
    for (const { text, titles } of cut) {
      expect(
        titles.some((t) => t === text),
        text,
      ).toBe(true);
    }
  });

  test("under the pointer a cell shows its whole value, and + / − beside it, not over it", async ({
    page,
  }) => {
    const events = new EventsPage(page);
    await events.open();
    await events.waitLoaded();
    // A principal too long for its column (the sample's instance sessions).
    const cells = events.cells("principal");
    let cell: Locator | null = null;
    for (const candidate of await cells.all()) {
      if (await isCut(content(candidate))) {
        cell = candidate;
        break;
      }
    }
    expect(cell, "a cut principal on the first screen").not.toBeNull();
    await cell!.hover();
    const value = cell!.locator("[title]").first();
    const include = cell!.getByTestId("cell-include");
    const exclude = cell!.getByTestId("cell-exclude");
    await expect(include).toBeVisible();
    expect(await isCut(value), "the value is whole").toBe(false);
    const valueBox = (await value.boundingBox())!;
    const includeBox = (await include.boundingBox())!;
    const excludeBox = (await exclude.boundingBox())!;
    expect(includeBox.x).toBeGreaterThanOrEqual(valueBox.x + valueBox.width - 1);
    // Each button is whole and on top (nothing clips or covers it).
    for (const button of [include, exclude]) {
      const hit = await button.evaluate((el) => {
        const r = el.getBoundingClientRect();
        return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === el;
      });
      expect(hit).toBe(true);
    }
    expect(excludeBox.width).toBeGreaterThan(10);
  });

  test("a column made as narrow as it goes still shows its buttons whole", async ({ page }) => {
    const events = new EventsPage(page);
    await events.open();
    await events.waitLoaded();
    const handle = page.getByTestId("resize-eventName");
    await handle.focus();
    for (let i = 0; i < 12; i++) await page.keyboard.press("ArrowLeft");
    expect(await headerWidth(page, "eventName")).toBeLessThan(70);
    const cell = events.cells("eventName").nth(2);
    await cell.hover();
    const exclude = cell.getByTestId("cell-exclude");
    await expect(exclude).toBeVisible();
    const hit = await exclude.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === el;
    });
    expect(hit).toBe(true);
    await exclude.click();
    await expect(page).toHaveURL(/-eventName=/);
  });
});

test.describe("columns the user sizes", () => {
  test("resize by dragging or with the arrow keys, remembered with the column choice", async ({
    page,
  }) => {
    const events = new EventsPage(page);
    await events.open();
    await events.waitLoaded();
    const before = await headerWidth(page, "principal");
    const handle = (await page.getByTestId("resize-principal").boundingBox())!;
    await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
    await page.mouse.down();
    await page.mouse.move(handle.x + 120, handle.y + handle.height / 2, { steps: 6 });
    await page.mouse.up();
    const dragged = await headerWidth(page, "principal");
    expect(dragged).toBeGreaterThan(before + 80);

    // The keyboard moves an edge too; an account column never gets narrower than an ID.
    const accountBefore = await headerWidth(page, "account");
    await page.getByTestId("resize-account").focus();
    await page.keyboard.press("ArrowLeft");
    await page.keyboard.press("ArrowLeft");
    expect(await headerWidth(page, "account")).toBeCloseTo(accountBefore, 0);
    await page.keyboard.press("ArrowRight");
    expect(await headerWidth(page, "account")).toBeGreaterThan(accountBefore + 10);

    await page.reload();
    await events.waitLoaded();
    expect(await headerWidth(page, "principal")).toBeCloseTo(dragged, 0);
    expect(await headerWidth(page, "account")).toBeGreaterThan(accountBefore + 10);

    // "Default columns and widths" gives both back.
    await page.getByTestId("column-chooser").locator("summary").click();
    await page.getByTestId("columns-reset").click();
    expect(await headerWidth(page, "principal")).toBeCloseTo(before, 0);
    expect(await headerWidth(page, "account")).toBeCloseTo(accountBefore, 0);
  });

  test("the Columns menu closes on a click outside it and on Escape", async ({ page }) => {
    const events = new EventsPage(page);
    await events.open();
    await events.waitLoaded();
    const chooser = page.getByTestId("column-chooser");
    const isOpen = () => chooser.evaluate((el) => (el as HTMLDetailsElement).open);
    await chooser.locator("summary").click();
    await expect(page.getByTestId("column-region")).toBeVisible();
    await events.total.click();
    await expect.poll(isOpen).toBe(false);
    await chooser.locator("summary").click();
    await expect.poll(isOpen).toBe(true);
    await page.keyboard.press("Escape");
    await expect.poll(isOpen).toBe(false);
    await expect(chooser.locator("summary")).toBeFocused();
  });
});

test("Insights rows lead with the API they watch", async ({ page }) => {
  const events = new EventsPage(page);
  await events.open("category=Insight");
  await events.waitLoaded();
  const labels = await events.cells("eventName").allTextContents();
  expect(labels.length).toBe(8);
  for (const label of labels) expect(label).toMatch(/^\w+ · (call|error) rate (start|end)$/);
  // The API's name itself is not cut (CreateTags, DescribeInstances fit the default width).
  const cell = events
    .cells("eventName")
    .filter({ hasText: /^CreateTags/ })
    .first();
  const nameFits = await content(cell).evaluate((box) => {
    const range = document.createRange();
    const text = box.querySelector("[title]")!.firstChild!;
    range.setStart(text, 0);
    range.setEnd(text, "CreateTags".length);
    return range.getBoundingClientRect().right <= box.getBoundingClientRect().right;
  });
  expect(nameFits).toBe(true);
});
