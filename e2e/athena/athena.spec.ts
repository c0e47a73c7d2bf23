import { expect, test } from "@playwright/test";
import { EventsPage } from "../events-page";
import { EVENTS, RANGE } from "../bucket/trail-fixture";

/**
 * A view through Athena, end to end: the estimate and its go-ahead, the query
 * running (and cancelled), and the view it gives: the events a full load of
 * the bucket gives (e2e/bucket), from only the files Athena named.
 */

test.use({ baseURL: `http://127.0.0.1:${process.env.E2E_ATHENA_PORT ?? 3112}` });

test.describe("a view through Athena", () => {
  test("asks before scanning, runs, and shows the events a full load shows", async ({ page }) => {
    const events = new EventsPage(page);
    await events.open(`from=${RANGE.from}&to=${RANGE.to}&-category=Insight`);
    const panel = page.getByTestId("athena-search");
    await expect(panel).toHaveAttribute("data-state", "needs-confirmation");
    await expect(panel).toContainText(
      /would scan \d+ partitions, about .* \(\$\d+\.\d\d|under \$0\.01\)/,
    );
    await expect(page.getByTestId("event-row")).toHaveCount(0);

    await panel.getByRole("button", { name: "Search with Athena" }).click();
    await expect(panel).toHaveAttribute("data-state", "running");
    await expect(panel.getByRole("button", { name: "Cancel" })).toBeVisible();
    await expect(panel).toHaveAttribute("data-state", "succeeded", { timeout: 30_000 });
    await expect(panel).toContainText("This view came from Athena");
    await events.waitLoaded();
    const ids = await events.rows.evaluateAll((rows) =>
      rows.map((r) => r.getAttribute("data-event-id")),
    );
    // The events a full load of the bucket shows (e2e/bucket), but the excluded Insights event.
    expect(ids.sort()).toEqual([EVENTS.createUser, EVENTS.deleteUser, EVENTS.getObject].sort());
    // The query is there to read, its values as literals.
    await panel.locator("summary", { hasText: "The query" }).click();
    await expect(panel.locator("pre")).toContainText('SELECT "$path" AS path');
  });

  test("narrows by the filter and can be cancelled", async ({ page }) => {
    const events = new EventsPage(page);
    await events.open(`from=${RANGE.from}&to=${RANGE.to}&eventName=DeleteUser`);
    const panel = page.getByTestId("athena-search");
    await panel.getByRole("button", { name: "Search with Athena" }).click();
    await expect(panel).toHaveAttribute("data-state", "running");
    await panel.getByRole("button", { name: "Cancel" }).click();
    await expect(panel).toHaveAttribute("data-state", "cancelled");
    await expect(panel.getByRole("button", { name: "Search again" })).toBeVisible();

    await panel.getByRole("button", { name: "Search again" }).click();
    await expect(panel).toHaveAttribute("data-state", "succeeded", { timeout: 30_000 });
    await expect(panel).toContainText("Athena narrowed by Event name");
    await events.waitLoaded();
    const ids = await events.rows.evaluateAll((rows) =>
      rows.map((r) => r.getAttribute("data-event-id")),
    );
    expect(ids).toEqual([EVENTS.deleteUser]);
  });
});
