import { expect, test } from "@playwright/test";

/** #18, 11: smaller defects, each with its test (the others are in the specs of their part). */

test("the site has an icon: /favicon.ico answers, and no page asks for a missing file", async ({
  page,
}) => {
  const icon = await page.request.get("/favicon.ico");
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toMatch(/image\/(x-icon|vnd\.microsoft\.icon)/);
  const missing: string[] = [];
  page.on("response", (r) => {
    if (r.status() === 404) missing.push(r.url());
  });
  for (const path of ["/", "/summary"]) {
    await page.goto(path);
    await expect(page.getByTestId("load-complete")).toBeVisible({ timeout: 60_000 });
  }
  expect(missing).toEqual([]);
});

test("loading a range never flashes 'Listing what the range needs…' for a listing of milliseconds", async ({
  page,
}) => {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { listingSeen: string[] }).listingSeen = seen;
    new MutationObserver(() => {
      if (document.body?.textContent?.includes("Listing what the range needs")) seen.push("seen");
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  // A day of 2025 no earlier run has listed (the sample lies in 2026): it is listed now.
  const day = Date.UTC(2025, 0, 1) + (Date.now() % 300) * 86_400_000;
  for (const [i, path] of ["/summary", "/"].entries()) {
    const from = new Date(day + i * 86_400_000).toISOString();
    const to = new Date(day + i * 86_400_000 + 3_600_000).toISOString();
    await page.goto(`${path}?from=${from}&to=${to}`);
    await expect(page.getByTestId("load-complete")).toBeVisible({ timeout: 60_000 });
    expect(
      await page.evaluate(() => (window as unknown as { listingSeen: string[] }).listingSeen),
      path,
    ).toEqual([]);
  }
});
