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
}
