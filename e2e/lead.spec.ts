import { expect, type Page, test } from "@playwright/test";
import { eventsResponseSchema, facetsResponseSchema } from "../lib/query/events-response";
import { highlightsResponseSchema } from "../lib/query/summary-response";
import { timelineResponseSchema, type TimelineResponse } from "../lib/query/timeline-response";
import { EventsPage } from "./events-page";

/**
 * What leads an analyst to what matters on the events page, on the bundled
 * sample: the histogram and its brush, the strip of highlights, and the
 * facets' "show all" with a search inside them.
 */

const bucketTotal = (b: TimelineResponse["timeline"]["buckets"][number]) =>
  Object.values(b.byCategory).reduce((n, v) => n + v, 0);

/** The histogram's plot area (the grid spans it) and where bucket `i` of `n` lies in it. */
async function bucketPosition(page: Page) {
  const grid = page.getByTestId("histogram").locator(".recharts-cartesian-grid-horizontal");
  await expect(grid).toBeVisible();
  const box = (await grid.boundingBox())!;
  const n = Number(await page.getByTestId("histogram").getAttribute("data-buckets"));
  return (i: number) => ({ x: box.x + ((i + 0.5) * box.width) / n, y: box.y + box.height / 2 });
}

/** The page's range, as its URL says it. */
const urlRange = (page: Page) => {
  const params = new URL(page.url()).searchParams;
  return { from: params.get("from"), to: params.get("to") };
};

async function apiTotal(page: Page, query: string): Promise<number> {
  const response = await page.request.get(`/api/events?wait=1&limit=1&${query}`);
  return eventsResponseSchema.parse(await response.json()).total!;
}

test.describe("a lead to what matters", () => {
  test("the histogram counts the view by category, and dragging across it sets the range", async ({
    page,
  }) => {
    const events = new EventsPage(page);
    await events.open();
    await events.waitLoaded();
    const { timeline } = timelineResponseSchema.parse(
      await (await page.request.get("/api/timeline?wait=1")).json(),
    );
    const { buckets, bucketSeconds } = timeline;
    const histogram = page.getByTestId("histogram");
    await expect(histogram).toHaveAttribute("data-buckets", String(buckets.length));
    const total = await events.totalCount();
    expect(buckets.reduce((n, b) => n + bucketTotal(b), 0)).toBe(total);
    await expect(histogram).toContainText(`${total.toLocaleString("en-US")} events`);
    const errors = buckets.reduce((n, b) => n + b.errors, 0);
    await expect(histogram).toContainText(`${errors.toLocaleString("en-US")} errors`);

    // Drag from the bucket of the incident's start across two more.
    const first = buckets.findIndex((b) => b.start === "2026-11-04T00:00:00.000Z");
    expect(first).toBeGreaterThan(0);
    const last = first + 2;
    const at = await bucketPosition(page);
    await page.mouse.move(at(first).x, at(first).y);
    await page.mouse.down();
    await page.mouse.move(at(last).x, at(last).y, { steps: 8 });
    await page.mouse.up();
    const to = new Date(Date.parse(buckets[last]!.start) + bucketSeconds * 1000 - 1).toISOString();
    await expect.poll(() => urlRange(page)).toEqual({ from: buckets[first]!.start, to });
    await events.waitLoaded();
    const selected = buckets.slice(first, last + 1).reduce((n, b) => n + bucketTotal(b), 0);
    expect(await events.totalCount()).toBe(selected);
    // The range's fields show the new range, and the histogram counts it in finer buckets.
    // (A time input drops whole seconds of zero.)
    await expect(page.locator('input[name="from"]')).toHaveValue(
      new RegExp(`^${buckets[first]!.start.slice(0, 16)}(:00)?$`),
    );
    await expect(histogram).not.toHaveAttribute("data-bucket-seconds", String(bucketSeconds));

    // A click on one bar narrows to it; Back returns to the span before.
    const narrower = timelineResponseSchema.parse(
      await (await page.request.get(`/api/timeline?from=${buckets[first]!.start}&to=${to}`)).json(),
    ).timeline;
    const busiest = narrower.buckets.reduce(
      (best, b, i) => (bucketTotal(b) > bucketTotal(narrower.buckets[best]!) ? i : best),
      0,
    );
    await expect(histogram).toHaveAttribute("data-buckets", String(narrower.buckets.length));
    const inner = await bucketPosition(page);
    await page.mouse.click(inner(busiest).x, inner(busiest).y);
    await expect.poll(() => urlRange(page).from).toBe(narrower.buckets[busiest]!.start);
    await events.waitLoaded();
    expect(await events.totalCount()).toBe(bucketTotal(narrower.buckets[busiest]!));
    await page.goBack();
    await events.waitLoaded();
    expect(await events.totalCount()).toBe(selected);
  });

  test("the strip leads with the riskiest highlight and opens to all, each opening its events", async ({
    page,
  }) => {
    const events = new EventsPage(page);
    await events.open();
    await events.waitLoaded();
    const { highlights } = highlightsResponseSchema.parse(
      await (await page.request.get("/api/highlights?wait=1")).json(),
    );
    const strip = page.getByTestId("highlights-strip");
    await expect(strip.getByTestId("highlights-count")).toContainText(
      `What stands out: ${highlights.length}`,
    );
    // The integrity line says the edited file; the strip leads with the incident's admin user.
    const top = strip.getByTestId("highlights-top");
    await expect(top).toHaveAttribute("data-kind", "iam");
    await expect(top).toContainText("ci-deploy");
    await expect(top).toContainText("185.220.101.47, an address new to the data");
    await expect(strip.getByTestId("highlight")).toHaveCount(0);

    await strip.getByTestId("highlights-toggle").click();
    await expect(strip.getByTestId("highlights-toggle")).toHaveAttribute("aria-expanded", "true");
    const items = strip.getByTestId("highlight");
    await expect(items).toHaveCount(highlights.length);
    for (const [i, h] of highlights.entries()) {
      await expect(items.nth(i)).toHaveAttribute("data-kind", h.kind);
      await expect(items.nth(i)).toContainText(h.text);
    }
    const insight = strip.locator('[data-testid="highlight"][data-kind="insight"]').first();
    await expect(insight).toContainText("54,762× usual");

    // An Insights highlight opens the calls during the insight, with its Start and End.
    const expected = highlights.find((h) => h.kind === "insight")!;
    await insight.getByRole("link", { name: "See the events" }).click();
    await expect(page).toHaveURL(/eventName=GetSecretValue/);
    await expect
      .poll(() => urlRange(page))
      .toEqual({ from: expected.filter.from![0], to: expected.filter.to![0] });
    await events.waitLoaded();
    const query = new URLSearchParams();
    for (const [key, values] of Object.entries(expected.filter)) {
      for (const v of values) query.append(key, v);
    }
    expect(await events.totalCount()).toBe(await apiTotal(page, query.toString()));
    expect(await events.totalCount()).toBeGreaterThan(2);
    expect(await apiTotal(page, `${query.toString()}&category=Insight`)).toBe(2);
  });

  test("a facet shows all its values and searches inside them", async ({ page }) => {
    const events = new EventsPage(page);
    await events.open();
    await events.waitLoaded();
    const facet = page.getByTestId("facet-eventName");
    const values = facet.getByTestId("facet-value");
    await expect(values).toHaveCount(8);
    const { facets } = facetsResponseSchema.parse(
      await (await page.request.get("/api/facets?wait=1&field=eventName&top=1000")).json(),
    );
    const all = facets.eventName!;
    expect(all.distinct).toBeGreaterThan(8);

    await facet.getByTestId("facet-show-all").click();
    await expect(values).toHaveCount(all.distinct);
    await expect(facet.getByTestId("facet-shown")).toHaveText(`${all.distinct} values.`);
    await expect(values.last()).toHaveAttribute("data-value", all.values.at(-1)!.value);

    // Searching asks the server, in any case.
    await facet.getByTestId("facet-search").fill("SECRET");
    const matching = all.values.filter((v) => v.value.toLowerCase().includes("secret"));
    await expect(values).toHaveCount(matching.length);
    for (const [i, v] of matching.entries()) {
      await expect(values.nth(i)).toHaveAttribute("data-value", v.value);
    }
    await expect(facet.getByTestId("facet-shown")).toHaveText(
      `${matching.length} values containing “SECRET”.`,
    );

    // + on a value found filters the table to it.
    const pick = matching.at(-1)!;
    await facet
      .locator(`[data-testid="facet-value"][data-value="${pick.value}"]`)
      .getByTestId("facet-include")
      .click();
    await expect(page).toHaveURL(new RegExp(`eventName=${pick.value}`));
    await events.waitLoaded();
    expect(await events.totalCount()).toBe(pick.count);

    await facet.getByTestId("facet-show-fewer").click();
    await expect(values).toHaveCount(8);
  });
});
