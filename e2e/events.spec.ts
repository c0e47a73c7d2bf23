import { expect, test } from "@playwright/test";
import { EVENT_CATEGORIES } from "../lib/cloudtrail/event-schema";
import { EventsPage, ROW_CLICK } from "./events-page";

test.describe("events table on the bundled sample", () => {
  test("opens on the sample with every category visible", async ({ page }) => {
    const events = new EventsPage(page);
    await events.open();
    await events.waitLoaded();
    for (const category of EVENT_CATEGORIES) {
      await expect(
        page.locator(`[data-testid="event-row"][data-category="${category}"]`).first(),
        `a ${category} row on the first screen`,
      ).toBeVisible();
    }
    expect(await events.totalCount()).toBeGreaterThan(15_000);
  });

  test("a filter narrows the rows and lands in the URL", async ({ page }) => {
    const events = new EventsPage(page);
    await events.open();
    await events.waitLoaded();
    const before = await events.totalCount();

    await events.applyTextFilter("eventName", "CreateUser");
    await expect(page).toHaveURL(/eventName=CreateUser/);
    await events.waitLoaded();
    expect(await events.totalCount()).toBeLessThan(before);
    const names = await page
      .locator('[data-testid="event-row"] td[data-column="eventName"]')
      .allTextContents();
    expect(names.length).toBeGreaterThan(0);
    expect(new Set(names)).toEqual(new Set(["CreateUser"]));

    await page.getByTestId("category-Data").check();
    await expect(page).toHaveURL(/category=Data/);
    await expect(page.getByTestId("no-events")).toBeVisible();

    await page.goBack();
    await expect(page).not.toHaveURL(/category=Data/);
    await expect(events.rows.first()).toBeVisible();
  });

  test("included and excluded values combine, and the view's URL shows the same rows anywhere", async ({
    page,
    browser,
  }) => {
    const events = new EventsPage(page);
    await events.open();
    await events.waitLoaded();
    const before = await events.totalCount();

    await page.getByTestId("filter-eventName").fill("!AssumeRole, !Decrypt");
    await page.getByTestId("more-filters").locator("summary").click();
    await page.getByTestId("filter-sourceIp").fill("!10.0.0.0/8");
    await page.getByTestId("filter-error").selectOption("any");
    await page.getByTestId("apply-filters").click();
    await expect(page).toHaveURL(/-eventName=AssumeRole/);
    await expect(page).toHaveURL(/error=any/);
    await events.waitLoaded();
    const total = await events.totalCount();
    expect(total).toBeLessThan(before);
    expect(total).toBeGreaterThan(0);

    const column = (name: string) =>
      page.locator(`[data-testid="event-row"] td[data-column="${name}"]`).allTextContents();
    const names = await column("eventName");
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((n) => n === "AssumeRole" || n === "Decrypt")).toEqual([]);
    expect((await column("errorCode")).filter((e) => e === "" || e === "—")).toEqual([]);
    expect((await column("sourceIp")).filter((ip) => ip.startsWith("10."))).toEqual([]);
    const firstIds = await events.rows.evaluateAll((rows) =>
      rows.slice(0, 20).map((r) => r.getAttribute("data-event-id")),
    );

    // The address alone reproduces the view, inputs included, in a fresh browser.
    const other = await browser.newContext();
    const shared = new EventsPage(await other.newPage());
    await shared.page.goto(page.url());
    await shared.waitLoaded();
    expect(await shared.totalCount()).toBe(total);
    expect(
      await shared.rows.evaluateAll((rows) =>
        rows.slice(0, 20).map((r) => r.getAttribute("data-event-id")),
      ),
    ).toEqual(firstIds);
    await expect(shared.page.getByTestId("filter-eventName")).toHaveValue("!AssumeRole, !Decrypt");
    await expect(shared.page.getByTestId("filter-sourceIp")).toHaveValue("!10.0.0.0/8");
    await other.close();

    await page.goBack();
    await expect.poll(() => events.totalCount()).toBe(before);
  });

  test("facets count the view, and + / − filter by a value", async ({ page }) => {
    const events = new EventsPage(page);
    await events.open();
    await events.waitLoaded();
    const before = await events.totalCount();
    const facetValue = (field: string, value: string) =>
      page
        .getByTestId(`facet-${field}`)
        .locator(`[data-testid="facet-value"][data-value="${value}"]`);
    const countOf = async (field: string, value: string) =>
      Number(
        ((await facetValue(field, value).locator(".facet-count").textContent()) ?? "").replace(
          /[^0-9]/g,
          "",
        ),
      );

    // The category counts add up to the total.
    const categories = await page
      .getByTestId("facet-category")
      .locator(".facet-count")
      .allTextContents();
    expect(categories.reduce((n, c) => n + Number(c.replace(/[^0-9]/g, "")), 0)).toBe(before);

    const decrypts = await countOf("eventName", "Decrypt");
    expect(decrypts).toBeGreaterThan(0);
    await facetValue("eventName", "Decrypt").getByTestId("facet-exclude").click();
    await expect(page).toHaveURL(/-eventName=Decrypt/);
    await events.waitLoaded();
    expect(await events.totalCount()).toBe(before - decrypts);
    // Still listed (the field's own filter does not count), marked as hidden.
    await expect(facetValue("eventName", "Decrypt")).toHaveClass(/off/);

    const insights = await countOf("category", "Insight");
    await facetValue("category", "Insight").getByTestId("facet-include").click();
    await expect(page).toHaveURL(/category=Insight/);
    await events.waitLoaded();
    expect(await events.totalCount()).toBe(insights);
    const shown = await events.rows.evaluateAll((rows) =>
      rows.map((r) => r.getAttribute("data-category")),
    );
    expect(new Set(shown)).toEqual(new Set(["Insight"]));
  });

  test("keyboard moves through rows and the open event; a cell's value filters the view", async ({
    page,
  }) => {
    const events = new EventsPage(page);
    await events.open("category=Management");
    await events.waitLoaded();
    const ids = await events.rows.evaluateAll((rows) =>
      rows.slice(0, 3).map((r) => r.getAttribute("data-event-id")!),
    );
    await events.rows.first().focus();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(new RegExp(`event=${ids[0]}`));
    await page.keyboard.press("ArrowDown");
    await expect(page).toHaveURL(new RegExp(`event=${ids[1]}`));
    await expect(page.getByTestId("fact-event-id")).toHaveText(ids[1]!);
    await page.keyboard.press("ArrowDown");
    await expect(page).toHaveURL(new RegExp(`event=${ids[2]}`));
    await page.keyboard.press("Escape");
    await expect(events.detail).toBeHidden();

    // Hide the first row's event name from its cell.
    const firstName = page.locator('[data-testid="event-row"] td[data-column="eventName"]').first();
    const name = (await firstName.textContent())!;
    await firstName.hover();
    await firstName.getByTestId("cell-exclude").click();
    await expect(page).toHaveURL(new RegExp(`-eventName=${name}`));
    await events.waitLoaded();
    const names = await page
      .locator('[data-testid="event-row"] td[data-column="eventName"]')
      .allTextContents();
    expect(names.length).toBeGreaterThan(0);
    expect(names).not.toContain(name);
  });

  test("a row opens its full record as JSON", async ({ page }) => {
    const events = new EventsPage(page);
    await events.open("category=Data");
    await events.waitLoaded();
    const row = events.rows.first();
    const id = await row.getAttribute("data-event-id");
    await row.click({ position: ROW_CLICK });
    await expect(events.detail).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`event=${id}`));
    // A collapsible tree first: collapsing hides the nested branches, expanding shows them.
    const tree = page.getByTestId("record-tree");
    await expect(tree).toContainText(`"eventID": "${id}"`);
    const nested = tree.locator(".json-branch .json-branch > .json-children").first();
    await expect(nested).toBeVisible();
    await tree.getByRole("button", { name: "Collapse all" }).click();
    await expect(nested).toBeHidden();
    await expect(tree.getByText(`"eventID"`)).toBeVisible();
    await tree.getByRole("button", { name: "Expand all" }).click();
    await expect(nested).toBeVisible();
    // The same record as plain text is the JSON of the event.
    await page.getByTestId("record-as-text").click();
    const json = JSON.parse((await page.getByTestId("record-json").textContent()) ?? "{}") as {
      eventID?: string;
    };
    expect(json.eventID).toBe(id);
    await page.keyboard.press("Escape");
    await expect(events.detail).toBeHidden();
  });

  test("the detail lists related events and opens them", async ({ page }) => {
    const events = new EventsPage(page);
    await events.open("category=Management");
    await events.waitLoaded();
    await events.rows.first().click({ position: ROW_CLICK });
    const samePrincipal = page.getByTestId("related-principal");
    await expect(samePrincipal).toBeVisible();
    const first = samePrincipal.getByTestId("related-event").first();
    await first.click();
    const openId = new URL(page.url()).searchParams.get("event");
    await expect(page.getByTestId("fact-event-id")).toHaveText(openId!);
    // The group's table link filters the table to that principal around the event.
    const arn = (await page.getByTestId("fact-principal-arn").textContent())!;
    await page.getByTestId("related-principal").getByTestId("related-in-table").click();
    await expect.poll(() => new URL(page.url()).searchParams.get("principalArn")).toBe(arn);
  });

  test("hostile record content renders as text", async ({ page }) => {
    let dialogs = 0;
    page.on("dialog", (dialog) => {
      dialogs += 1;
      void dialog.dismiss();
    });
    const events = new EventsPage(page);
    await events.open(`q=${encodeURIComponent("onerror=alert")}`);
    await events.waitLoaded();
    await events.rows.first().click({ position: ROW_CLICK });
    await expect(page.getByTestId("fact-user-agent")).toContainText("<img src=x onerror=alert(1)>");
    await expect(page.getByTestId("record-tree")).toContainText("<img src=x onerror=alert(1)>");
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(dialogs).toBe(0);
  });

  test("bad URL parameters show a message, by the fields' labels, and a way back", async ({
    page,
  }) => {
    await page.goto("/?from=yesterday&sort=raw");
    const error = page.getByTestId("query-error");
    await expect(error).toBeVisible();
    await expect(error).toContainText('From: "yesterday" is not an ISO 8601 time');
    await expect(error).toContainText("Sort must be one of");
    await expect(error).not.toContainText('"from"');
    await error.getByRole("link", { name: /default view/ }).click();
    await expect(page.getByTestId("event-row").first()).toBeVisible({ timeout: 60_000 });
  });
});

test.describe("time zones and recent ranges", () => {
  test.use({ timezoneId: "Asia/Kolkata" });

  test("times show and are typed in UTC or local time; presets write exact ranges", async ({
    page,
  }) => {
    const events = new EventsPage(page);
    await events.open("category=Insight");
    await events.waitLoaded();
    const firstTime = page.locator('[data-testid="event-row"] td[data-column="time"] time').first();
    const iso = (await firstTime.getAttribute("datetime"))!;
    const utcText = iso.replace("T", " ").replace(/\.\d+Z$/, "");
    await expect(firstTime).toHaveText(utcText);

    await page.getByTestId("tz-local").click();
    await expect(page).toHaveURL(/tz=local/);
    await expect(page.getByRole("columnheader").first()).toHaveText(/^Time \(local time\)/);
    // Kolkata is UTC+05:30, without daylight saving.
    const local = new Date(Date.parse(iso) + 5.5 * 3_600_000).toISOString();
    await expect(firstTime).toHaveText(local.replace("T", " ").replace(/\.\d+Z$/, ""));
    // The range inputs show local time too, and what is typed is read as local time.
    const fromIso = new URL(page.url()).searchParams.get("from");
    if (fromIso) {
      const shown = new Date(Date.parse(fromIso) + 5.5 * 3_600_000).toISOString().slice(0, 19);
      await expect(page.locator('input[name="from"]')).toHaveValue(shown);
    }
    await page.locator('input[name="from"]').fill("2026-11-04T07:30:00");
    await page.getByTestId("apply-filters").click();
    await expect(page).toHaveURL(/from=2026-11-04T02%3A00%3A00.000Z|from=2026-11-04T02:00:00.000Z/);

    await page.getByTestId("preset-24h").click();
    await expect
      .poll(() => {
        const params = new URL(page.url()).searchParams;
        return Date.parse(params.get("to") ?? "") - Date.parse(params.get("from") ?? "");
      })
      .toBe(24 * 3_600_000);
  });
});

test.describe("the table", () => {
  test("sorts on the server by a column header, both ways, and keeps it in the URL", async ({
    page,
  }) => {
    const events = new EventsPage(page);
    await events.open("category=Management");
    await events.waitLoaded();
    const names = () =>
      page.locator('[data-testid="event-row"] td[data-column="eventName"]').allTextContents();
    await page.getByTestId("sort-eventName").click();
    await expect(page).toHaveURL(/sort=eventName/);
    await expect(page.getByRole("columnheader", { name: /Event/ }).first()).toHaveAttribute(
      "aria-sort",
      "ascending",
    );
    await expect.poll(async () => (await names())[0]).toBe("AssumeRole");
    const ascending = await names();
    expect(ascending).toEqual([...ascending].sort());
    await page.getByTestId("sort-eventName").click();
    await expect(page).toHaveURL(/sort=-eventName/);
    await expect.poll(async () => (await names())[0]).not.toBe("AssumeRole");
    const descending = await names();
    expect(descending).toEqual([...descending].sort().reverse());
  });

  test("scrolls through thousands of rows with only a screenful in the page", async ({ page }) => {
    const events = new EventsPage(page);
    await events.open();
    await events.waitLoaded();
    const table = page.getByTestId("events-table");
    const scroller = page.getByTestId("table-scroll");
    // A view opens with 200 rows; scrolling to the end loads 1,000 more, again and again.
    await expect(table).toHaveAttribute("aria-rowcount", "200");
    for (const expected of [1200, 2200]) {
      await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight));
      await expect(table).toHaveAttribute("aria-rowcount", String(expected));
    }
    await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await expect(table).toHaveAttribute("aria-rowcount", "3200");
    const rendered = await events.rows.count();
    expect(rendered).toBeGreaterThan(10);
    expect(rendered).toBeLessThan(120);
    // The rows near the end of what is loaded are the ones on screen.
    const indexes = await events.rows.evaluateAll((rows) =>
      rows.map((r) => Number((r as HTMLElement).dataset.index)),
    );
    expect(Math.max(...indexes)).toBeGreaterThan(2100);
  });

  test("a column chooser hides and shows columns and remembers the choice", async ({ page }) => {
    const events = new EventsPage(page);
    await events.open();
    await events.waitLoaded();
    const regionCells = page.locator('[data-testid="event-row"] td[data-column="region"]');
    const agentCells = page.locator('[data-testid="event-row"] td[data-column="userAgent"]');
    await expect(regionCells.first()).toBeVisible();
    await expect(agentCells).toHaveCount(0);
    await page.getByTestId("column-chooser").locator("summary").click();
    await page.getByTestId("column-region").uncheck();
    await page.getByTestId("column-userAgent").check();
    await expect(regionCells).toHaveCount(0);
    await expect(agentCells.first()).toBeVisible();
    await page.reload();
    await events.waitLoaded();
    await expect(regionCells).toHaveCount(0);
    await expect(agentCells.first()).toBeVisible();
  });

  test("shows times relative to now, with the exact time in the tooltip", async ({ page }) => {
    const events = new EventsPage(page);
    await events.open();
    await events.waitLoaded();
    await page.getByTestId("times-relative").click();
    await expect(page).toHaveURL(/times=relative/);
    const first = page.locator('[data-testid="event-row"] td[data-column="time"] time').first();
    await expect(first).toHaveText(/ ago$/);
    await expect(first).toHaveAttribute("title", /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(/);
  });
});
