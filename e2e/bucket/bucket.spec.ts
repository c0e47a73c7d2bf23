import { expect, type Page, test } from "@playwright/test";
import { EventsPage, ROW_CLICK } from "../events-page";
import { readFile } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import {
  CORRUPT_KEY,
  EVENTS,
  FORMULA_USER_AGENT,
  FRESH_EVENT,
  PERMALINK_EVENT,
  RANGE,
} from "./trail-fixture";

/**
 * The dashboard reading a trail bucket through the S3 API (s3rver), not a
 * folder, beside Event history from a local CloudTrail endpoint.
 */

test.use({ baseURL: `http://127.0.0.1:${process.env.E2E_BUCKET_PORT ?? 3108}` });

const originsOf = async (page: Page, id: string) =>
  page
    .locator(`[data-testid="event-row"][data-event-id="${id}"] [data-testid="origin-badge"]`)
    .evaluateAll((badges) => badges.map((b) => b.getAttribute("data-origin")).sort());

test.describe("events table on an S3 trail bucket and Event history", () => {
  test("shows management, data and Insights events once each and names the corrupt object", async ({
    page,
  }) => {
    const events = new EventsPage(page);
    await events.open(`from=${RANGE.from}&to=${RANGE.to}`);
    await events.waitLoaded();

    expect(await events.totalCount()).toBe(4);
    const ids = await events.rows.evaluateAll((rows) =>
      rows.map((r) => r.getAttribute("data-event-id")),
    );
    expect(ids.sort()).toEqual(Object.values(EVENTS).sort());
    const categoryOf = async (id: string) =>
      page
        .locator(`[data-testid="event-row"][data-event-id="${id}"]`)
        .getAttribute("data-category");
    expect(await categoryOf(EVENTS.createUser)).toBe("Management");
    expect(await categoryOf(EVENTS.deleteUser)).toBe("Management");
    expect(await categoryOf(EVENTS.getObject)).toBe("Data");
    expect(await categoryOf(EVENTS.insight)).toBe("Insight");

    // Management and Insights events of the looked-up account and Region came from both.
    expect(await originsOf(page, EVENTS.createUser)).toEqual(["lookup", "s3"]);
    expect(await originsOf(page, EVENTS.insight)).toEqual(["lookup", "s3"]);
    expect(await originsOf(page, EVENTS.getObject)).toEqual(["s3"]);
    expect(await originsOf(page, EVENTS.deleteUser)).toEqual(["s3"]);

    // The corrupt object is reported by key; the digest is not an event or a problem.
    const problems = page.getByTestId("problems");
    await expect(problems).toContainText("1 problem");
    await problems.locator("summary").click();
    await expect(problems).toContainText(CORRUPT_KEY);

    // The event delivered twice is one row that knows both objects.
    await page
      .locator(`[data-testid="event-row"][data-event-id="${EVENTS.createUser}"]`)
      .click({ position: ROW_CLICK });
    const readFrom = page.getByTestId("fact-read-from");
    await expect(readFrom).toContainText("1005Z_aaaaaaaaaaaaaaa1.json.gz");
    await expect(readFrom).toContainText("1010Z_aaaaaaaaaaaaaaa2.json.gz");
    await expect(page.getByTestId("fact-where")).toContainText("111122223333 · us-east-1");

    // An Insights event says in words what changed.
    await page
      .locator(`[data-testid="event-row"][data-event-id="${EVENTS.insight}"]`)
      .click({ position: ROW_CLICK });
    await expect(page.getByTestId("insight-summary")).toContainText(
      "Unusual call rate started: CreateUser on iam.amazonaws.com ran at 4 per minute against a baseline of 0.1 per minute (40× usual).",
    );
  });

  test("shows the last minutes, which no trail file holds yet, from Event history", async ({
    page,
  }) => {
    const now = Date.now();
    const events = new EventsPage(page);
    const from = new Date(now - 2 * 3_600_000).toISOString();
    await events.open(`from=${from}&to=${new Date(now).toISOString()}`);
    await events.waitLoaded();

    expect(await events.totalCount()).toBe(1);
    await expect(events.rows).toHaveCount(1);
    expect(await events.rows.first().getAttribute("data-event-id")).toBe(FRESH_EVENT);
    expect(await originsOf(page, FRESH_EVENT)).toEqual(["lookup"]);
    await events.rows.first().click({ position: ROW_CLICK });
    await expect(page.getByTestId("fact-read-from")).toContainText("Event history: management/");
  });

  test("exports exactly the filtered view, with formulas neutralized", async ({ page }) => {
    const events = new EventsPage(page);
    await events.open(`from=${RANGE.from}&to=${RANGE.to}&category=Management`);
    await events.waitLoaded();
    const downloadCsv = async () => {
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByTestId("export-csv").click(),
      ]);
      expect(download.suggestedFilename()).toBe(
        "trailglass-events-20261106T0000Z-20261106T2359Z.csv",
      );
      const text = await readFile((await download.path())!, "utf8");
      return parse(text.replace(/^\uFEFF/, ""), { columns: true }) as Record<string, string>[];
    };

    const management = await downloadCsv();
    expect(management.map((r) => r.eventID).sort()).toEqual(
      [EVENTS.createUser, EVENTS.deleteUser].sort(),
    );
    expect(management.find((r) => r.eventID === EVENTS.createUser)?.readFrom).toBe("lookup s3");

    await events.open(`from=${RANGE.from}&to=${RANGE.to}&category=Data`);
    await events.waitLoaded();
    const data = await downloadCsv();
    expect(data.map((r) => r.eventID)).toEqual([EVENTS.getObject]);
    expect(data[0]!.userAgent).toBe(`'${FORMULA_USER_AGENT}`);

    // NDJSON: the untouched record, formula and all.
    const ndjson = await page.request.get(
      `/api/export?format=ndjson&from=${RANGE.from}&to=${RANGE.to}&category=Data`,
    );
    expect(ndjson.headers()["content-type"]).toContain("application/x-ndjson");
    const lines = (await ndjson.text()).trimEnd().split("\n");
    expect(lines.map((l) => (JSON.parse(l) as { userAgent: string }).userAgent)).toEqual([
      FORMULA_USER_AGENT,
    ]);
  });

  test("a permalink opens an event the server has never loaded, reading only its partition", async ({
    page,
  }) => {
    const { id, time, account, region } = PERMALINK_EVENT;
    await page.goto(`/events/${id}?time=${time}&account=${account}&region=${region}&origin=s3`);
    const detail = page.getByTestId("event-detail");
    await expect(detail).toBeVisible({ timeout: 60_000 });
    await expect(detail.locator("h1")).toHaveText("DeleteAccessKey");
    await expect(page.getByTestId("fact-read-from")).toContainText(
      "Trail bucket: org-trail/AWSLogs/o-e2etest01/111122223333/CloudTrail/us-east-1/2026/11/02/",
    );
    // Its own permalink carries the hints.
    const href = await page.getByTestId("permalink").getAttribute("href");
    expect(href).toBe(
      `/events/${id}?time=2026-11-02T08%3A15%3A00.000Z&account=${account}&region=${region}&origin=s3`,
    );
    // An unknown event says where it was looked for.
    await page.goto(`/events/no-such-event?time=2026-11-03T00:00:00Z&account=${account}`);
    const missing = page.getByTestId("event-not-found");
    await expect(missing).toBeVisible({ timeout: 60_000 });
    await expect(missing).toContainText("Event not found");
    await expect(missing).toContainText("the event store");
    await expect(missing).toContainText("s3://e2e-trail/org-trail: files delivered 2026-11-02 to");
    await expect(missing).toContainText("account 111122223333");
    await expect(missing).toContainText("Event history (us-east-1) by event ID");
  });

  test("the detail of a row links to its permalink", async ({ page }) => {
    const events = new EventsPage(page);
    await events.open(`from=${RANGE.from}&to=${RANGE.to}`);
    await events.waitLoaded();
    await page
      .locator(`[data-testid="event-row"][data-event-id="${EVENTS.deleteUser}"]`)
      .click({ position: ROW_CLICK });
    await page.getByTestId("permalink").click();
    await expect(page).toHaveURL(
      new RegExp(
        `/events/${EVENTS.deleteUser}\\?time=.*&account=444455556666&region=eu-west-1&origin=s3`,
      ),
    );
    await expect(page.getByTestId("event-detail").locator("h1")).toHaveText("DeleteUser");
  });
});
