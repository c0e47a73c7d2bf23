import { expect, test } from "@playwright/test";
import { EventsPage } from "./events-page";

/**
 * #18, 3: errors that keep the view. Bad input is flagged at its field, by
 * its label, and the table keeps its rows; a failed request offers Retry; a
 * running one can be cancelled. Failures and slow answers are made by
 * holding or answering the page's requests in the browser (the real server
 * answers everything else).
 */

test.describe("errors that keep the view", () => {
  test("a bad value is flagged at its field by its label, and Apply keeps the table", async ({
    page,
  }) => {
    const events = new EventsPage(page);
    await events.open();
    await events.waitLoaded();
    const url = page.url();
    const ids = await events.rowIds();
    const total = await events.totalCount();

    await page.getByTestId("more-filters").locator("summary").click();
    await page.getByTestId("filter-sourceIp").fill("10.0.0.300");
    await page.getByTestId("filter-principal").fill("x".repeat(5000));
    await page.getByTestId("apply-filters").click();
    const ipError = page.getByTestId("field-error-sourceIp");
    await expect(ipError).toContainText('Source IP or CIDR: "10.0.0.300" is not an IP address');
    await expect(page.getByTestId("filter-sourceIp")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByTestId("field-error-principal")).toHaveText(
      "Principal is longer than 2000 characters",
    );
    // The first field to fix has the focus; nothing was asked: the view is the one before.
    await expect(page.getByTestId("filter-principal")).toBeFocused();
    await expect(page.getByTestId("apply-refused")).toBeVisible();
    await expect(page.getByTestId("filters")).not.toContainText('"sourceIp"');
    expect(page.url()).toBe(url);
    expect(await events.rowIds()).toEqual(ids);
    expect(await events.totalCount()).toBe(total);

    // A range that ends before it starts is flagged at From, by the fields' labels.
    await page.getByTestId("filter-sourceIp").fill("");
    await page.getByTestId("filter-principal").fill("");
    await page.getByTestId("filter-from").fill("2026-11-06T00:00:00");
    await page.getByTestId("filter-to").fill("2026-11-05T00:00:00");
    await page.getByTestId("apply-filters").click();
    await expect(page.getByTestId("field-error-from")).toContainText(/^From \(.+\) is after To/);
    expect(page.url()).toBe(url);

    // Fixed, it applies.
    await page.getByTestId("filter-to").fill("2026-11-06T12:00:00");
    await page.getByTestId("apply-filters").click();
    await expect(page).toHaveURL(/to=2026-11-06T12/);
    await expect(page.getByTestId("field-error-from")).toHaveCount(0);
  });

  test("a URL the server would refuse says why by label, and loses only what was refused", async ({
    page,
  }) => {
    const events = new EventsPage(page);
    await events.open("eventName=CreateUser&sourceIp=nope&colour=red");
    const problems = page.getByTestId("query-error");
    await expect(problems).toContainText('Source IP or CIDR: "nope" is not an IP address');
    await expect(problems).toContainText('unknown parameter "colour"');
    await expect(page.getByTestId("field-error-sourceIp")).toBeVisible();
    await expect(
      page.locator('[data-testid="filter-chip"][data-param="sourceIp"]'),
    ).toHaveAttribute("title", /is not an IP address/);
    await page.getByTestId("remove-refused").click();
    await events.waitLoaded();
    const params = new URL(page.url()).searchParams;
    expect([...params.keys()]).toEqual(["eventName"]);
    expect(new Set(await events.cells("eventName").allTextContents())).toEqual(
      new Set(["CreateUser"]),
    );
  });

  test("a failed request says why and offers Retry; the rows before stay meanwhile", async ({
    page,
  }) => {
    const events = new EventsPage(page);
    await events.open();
    await events.waitLoaded();
    const ids = await events.rowIds();
    await page.route(/\/api\/events\?.*eventName=ListUsers/, (route) =>
      route.fulfill({
        status: 500,
        json: { error: "Reading events failed: the store stopped (request 0badcafe)" },
      }),
    );
    await events.applyTextFilter("eventName", "ListUsers");
    const error = page.getByTestId("view-error");
    await expect(error).toContainText("the store stopped (request 0badcafe)");
    await expect(page.getByTestId("events-main")).toHaveAttribute("data-stale", "");
    expect(await events.rowIds()).toEqual(ids);
    // The filter stays set: Retry asks again for it.
    await expect(page.getByTestId("filter-eventName")).toHaveValue("ListUsers");
    await page.unroute(/\/api\/events\?.*eventName=ListUsers/);
    await error.getByTestId("retry").click();
    await events.waitLoaded();
    await expect(error).toHaveCount(0);
    expect(new Set(await events.cells("eventName").allTextContents())).toEqual(
      new Set(["ListUsers"]),
    );
  });

  test("a running request can be cancelled, and the table keeps what it showed", async ({
    page,
  }) => {
    const events = new EventsPage(page);
    await events.open();
    await events.waitLoaded();
    const ids = await events.rowIds();
    const slow = /\/api\/events\?.*eventName=GetObject/;
    // The server takes its time with this view: its answer is held until the test lets it go.
    await page.route(slow, () => undefined);
    await events.applyTextFilter("eventName", "GetObject");
    const cancel = page.getByTestId("cancel-request");
    await expect(cancel).toBeVisible();
    await expect(events.total).toHaveText("Loading events…");
    const aborted = page.waitForEvent("requestfailed", (r) => slow.test(r.url()));
    await cancel.click();
    await aborted;
    await expect(page.getByTestId("view-cancelled")).toBeVisible();
    await expect(cancel).toHaveCount(0);
    expect(await events.rowIds()).toEqual(ids);

    await page.unrouteAll({ behavior: "ignoreErrors" });
    await page.getByTestId("view-cancelled").getByTestId("retry").click();
    await events.waitLoaded();
    expect(new Set(await events.cells("eventName").allTextContents())).toEqual(
      new Set(["GetObject"]),
    );
  });
});
