import { readFile } from "node:fs/promises";
import { expect, type Page, test } from "@playwright/test";
import { parse } from "csv-parse/sync";
import { summaryResponseSchema, type SummaryResponse } from "../lib/query/summary-response";
import { EventsPage } from "./events-page";

/** Who did what, on the bundled sample: the page, its drill-downs and CSV (print: print.spec.ts). */

async function openSummary(page: Page, query = ""): Promise<SummaryResponse> {
  await page.goto(`/summary${query ? `?${query}` : ""}`);
  await expect(page.getByTestId("load-complete")).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId("actors-table").first()).toBeVisible();
  const response = await page.request.get(`/api/summary${query ? `?${query}` : ""}`);
  expect(response.ok()).toBe(true);
  return summaryResponseSchema.parse(await response.json());
}

const count = (n: number) => n.toLocaleString("en-US");

/** An actor's row: the same name in two accounts is two actors. */
const actorRow = (page: Page, a: { actor: string; actorAccount: string | null }) =>
  page.locator(
    `[data-testid="actor-row"][data-actor="${a.actor}"][data-actor-account="${a.actorAccount ?? ""}"]`,
  );

test.describe("who did what", () => {
  test("leads with what stands out, and each actor's numbers are the API's", async ({ page }) => {
    const summary = await openSummary(page);
    // The sample's one edited log file comes first: every other line rests on the logs.
    const first = page.getByTestId("highlight").first();
    await expect(first).toHaveAttribute("data-kind", "integrity");
    await expect(first).toContainText("1 log file modified after delivery");
    await expect(first.getByRole("link")).toHaveAttribute("href", /integrity=modified/);
    // Then by risk: the leaked key's admin user, made from an address new to the data, before root use.
    const second = page.getByTestId("highlight").nth(1);
    await expect(second).toHaveAttribute("data-kind", "iam");
    await expect(second).toContainText("ci-deploy");
    await expect(second).toContainText("granting administrator access");
    const kinds = summary.highlights.map((h) => h.kind);
    expect(kinds.indexOf("root")).toBeGreaterThan(1);
    await expect(page.locator('[data-testid="highlight"][data-kind="root"]')).toContainText(
      /root account/i,
    );
    const rows = page.getByTestId("actor-row");
    await expect(rows).toHaveCount(summary.actors.length);
    // Services are listed apart from people and roles.
    const services = summary.actors.filter((a) => a.actorType === "service");
    expect(services.length).toBeGreaterThan(0);
    await expect(page.getByTestId("actors-services").getByTestId("actor-row")).toHaveCount(
      services.length,
    );
    for (const actor of summary.actors.slice(0, 8)) {
      const row = actorRow(page, actor);
      await expect(row.getByTestId("actor-events")).toHaveText(count(actor.events));
      await expect(row.getByTestId("actor-changes")).toHaveText(count(actor.changes));
      await expect(row.getByTestId("actor-errors")).toHaveText(count(actor.errors));
      await expect(row.getByTestId("actor-sentence")).toHaveText(actor.sentence);
    }
    // Root is flagged in its row too, with its account.
    const root = summary.actors.find((a) => a.actorType === "root")!;
    await expect(actorRow(page, root).locator(".actor-root")).toHaveText("ROOT");
    await expect(actorRow(page, root).getByTestId("actor-account")).toContainText(
      root.actorAccount!,
    );
  });

  test("an actor, their changes and a chart bar open the table filtered to them", async ({
    page,
  }) => {
    const summary = await openSummary(page);
    const role = summary.actors.find((a) => a.actorType === "role" && a.sessionCount > 1)!;
    const row = actorRow(page, role);
    await row.getByTestId("actor-link").click();
    await expect(page).toHaveURL(new RegExp(`/\\?.*actor=${encodeURIComponent(role.actor)}`));
    // A role belongs to one account: the table opens on that account's role only.
    await expect(page).toHaveURL(new RegExp(`actorAccount=${role.actorAccount}`));
    const events = new EventsPage(page);
    await events.waitLoaded();
    expect(await events.totalCount()).toBe(role.events);
    // Every row of the table is one of the role's sessions.
    const principals = await page
      .locator('[data-testid="event-row"] td[data-column="principal"]')
      .allTextContents();
    for (const p of principals)
      expect(p.startsWith(`${role.actor}/`) || p === role.actor).toBe(true);

    await page.goBack();
    await row.getByTestId("actor-changes").getByRole("link").click();
    await expect(page).toHaveURL(/readOnly=false/);
    await events.waitLoaded();
    expect(await events.totalCount()).toBe(role.changes);

    await page.goBack();
    const top = [...summary.actors].sort((a, b) => b.changes - a.changes)[0]!;
    await page.locator('[data-testid="chart-changes"] .recharts-bar-rectangle').first().click();
    await expect(page).toHaveURL(new RegExp(`actor=${encodeURIComponent(top.actor)}`));
    await events.waitLoaded();
    expect(await events.totalCount()).toBe(top.changes);
  });

  test("hides AWS services on request, in the URL", async ({ page }) => {
    await openSummary(page);
    await page.getByTestId("hide-services").check();
    await expect(page).toHaveURL(/-actorType=service/);
    await expect(page.getByTestId("actors-services")).toHaveCount(0);
    await expect(page.getByTestId("actors-people")).toBeVisible();
  });

  test("the CSV download holds the actors table", async ({ page }) => {
    const summary = await openSummary(page);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByTestId("summary-csv").click(),
    ]);
    expect(download.suggestedFilename()).toMatch(
      /^trailglass-summary-\d{8}T\d{4}Z-\d{8}T\d{4}Z\.csv$/,
    );
    const text = await readFile((await download.path())!, "utf8");
    const rows = parse(text.replace(/^\uFEFF/, ""), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.actor)).toEqual(summary.actors.map((a) => a.actor));
    const shown = await page
      .getByTestId("actor-row")
      .evaluateAll((trs) =>
        trs.map((tr) => [
          `${(tr as HTMLElement).dataset.actor} @${(tr as HTMLElement).dataset.actorAccount}`,
          tr.querySelector('[data-testid="actor-events"]')!.textContent,
        ]),
      );
    const csvEvents = new Map(
      rows.map((r) => [
        `${r.actor} @${r["actor's account"]}`,
        Number(r.events).toLocaleString("en-US"),
      ]),
    );
    for (const [actor, events] of shown) expect(csvEvents.get(actor!)).toBe(events);
    expect(shown.length).toBe(rows.length);
  });
});
