import { expect, test } from "@playwright/test";
import { buildSampleTrail } from "../lib/sample/generate";
import { integrityReportSchema } from "../lib/integrity/integrity-schema";
import { EventsPage, ROW_CLICK } from "./events-page";

/**
 * Digest validation on the bundled sample: its digests are signed (with the
 * sample's own published key) and one log file was edited after delivery.
 */
test.describe("integrity of the bundled sample", () => {
  test("the integrity line names the edited file and filters to its events", async ({ page }) => {
    const events = new EventsPage(page);
    await events.open();
    await events.waitLoaded();
    const line = page.getByTestId("integrity-line");
    await expect(line).toContainText("Integrity");
    await expect(line).toHaveAttribute("data-complete", "true");
    await expect(page.getByTestId("integrity-count-modified")).toContainText("1 modified");
    await expect(page.getByTestId("integrity-count-verified")).toContainText(
      /^[1-9]\d* files verified$/,
    );
    await page.getByTestId("integrity-findings").locator("summary").click();
    await expect(
      page.getByTestId("integrity-finding").filter({ hasText: "was changed after delivery" }),
    ).toHaveCount(1);

    await page.getByTestId("integrity-count-modified").click();
    await expect(page).toHaveURL(/integrity=modified/);
    await events.waitLoaded();
    const total = await events.totalCount();
    // The edited file holds 11 records.
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThanOrEqual(11);
    await events.rows.first().click({ position: ROW_CLICK });
    await expect(
      events.detail.getByTestId("origin-integrity").and(page.locator('[data-status="modified"]')),
    ).toBeVisible();
  });

  test("an integrity filter from the URL shows in the filter bar", async ({ page }) => {
    const events = new EventsPage(page);
    await events.open("integrity=verified");
    await events.waitLoaded();
    await expect(page.getByTestId("filter-integrity-verified")).toBeChecked();
    await events.rows.first().click({ position: ROW_CLICK });
    await expect(
      events.detail
        .getByTestId("origin-integrity")
        .and(page.locator('[data-status="verified"]'))
        .first(),
    ).toBeVisible();
  });

  test("/api/integrity answers the documented shape, as the sample's manifest counts", async ({
    request,
  }) => {
    const { manifest } = buildSampleTrail();
    const coverage = manifest.digestCoverage;
    const report = integrityReportSchema.parse(
      await (await request.get("/api/integrity?wait=1")).json(),
    );
    expect(report.complete).toBe(true);
    expect(report.files.modified).toBe(coverage.modifiedFiles.length);
    expect(report.files.verified).toBe(coverage.logFiles - coverage.modifiedFiles.length);
    expect(report.files.missing).toBe(0);
    expect(report.digests).toEqual({
      read: manifest.files.digests,
      valid: manifest.files.digests,
      invalid: 0,
      unverified: 0,
    });
    expect(report.chains).toEqual([
      expect.objectContaining({ account: coverage.account, region: coverage.region, breaks: 0 }),
    ]);
    expect(report.findings.map((f) => f.file)).toEqual(coverage.modifiedFiles);
  });
});
