import { expect, type Locator, type Page } from "@playwright/test";

/** Where to click a row to open it: its time, away from the + / − buttons on other cells. */
export const ROW_CLICK = { x: 12, y: 8 };

/** A small page object for the events view. */
export class EventsPage {
  readonly rows: Locator;
  readonly total: Locator;
  readonly detail: Locator;

  constructor(readonly page: Page) {
    this.rows = page.getByTestId("event-row");
    this.total = page.getByTestId("total");
    this.detail = page.getByTestId("event-detail");
  }

  async open(query = ""): Promise<void> {
    await this.page.goto(`/${query ? `?${query}` : ""}`);
  }

  /** Waits until the sources finished loading the range and rows are shown. */
  async waitLoaded(): Promise<void> {
    await expect(this.page.getByTestId("load-complete")).toBeVisible({ timeout: 60_000 });
    await expect(this.total).toHaveText(/^[\d,]+ events$/);
    await expect(this.rows.first()).toBeVisible();
  }

  async totalCount(): Promise<number> {
    const text = (await this.total.textContent()) ?? "";
    return Number(text.replace(/[^0-9]/g, ""));
  }

  async applyTextFilter(name: string, value: string): Promise<void> {
    await this.page.getByTestId(`filter-${name}`).fill(value);
    await this.page.getByTestId("apply-filters").click();
  }

  /** Opens "More filters" (it starts open when one of its filters is set). */
  async openMoreFilters(): Promise<void> {
    const more = this.page.getByTestId("more-filters");
    if (!(await more.evaluate((el) => (el as HTMLDetailsElement).open))) {
      await more.locator("summary").click();
    }
  }

  /** The cells of a column, in the rows on screen. */
  cells(column: string): Locator {
    return this.page.locator(`[data-testid="event-row"] td[data-column="${column}"]`);
  }

  /** The ids of the first `count` rows on screen. */
  async rowIds(count = 20): Promise<string[]> {
    return this.rows.evaluateAll(
      (rows, n) => rows.slice(0, n).map((r) => r.getAttribute("data-event-id")!),
      count,
    );
  }

  /** The active filters' chips, as `param=value`. */
  async chips(): Promise<string[]> {
    return this.page
      .getByTestId("filter-chip")
      .evaluateAll((chips) =>
        chips.map((c) => `${c.getAttribute("data-param")}=${c.getAttribute("data-value")}`),
      );
  }

  /** The filter parameters of the page's URL (all but the page's own: event, tz, times, sort). */
  filterParams(): string[] {
    const params = new URL(this.page.url()).searchParams;
    return [...params.keys()].filter((k) => !["event", "tz", "times", "sort"].includes(k));
  }
}
