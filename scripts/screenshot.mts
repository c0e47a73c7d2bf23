/**
 * Takes the README screenshot: the dashboard on the bundled sample, with one
 * event open. Needs a running server (npm run demo) and Debian's Chromium.
 */
import { chromium } from "@playwright/test";

const base = process.env.TRAILGLASS_URL ?? "http://127.0.0.1:3000";
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
});
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
await page.goto(base);
await page.getByTestId("load-complete").waitFor({ timeout: 120_000 });
await page
  .getByTestId("event-row")
  .nth(10)
  .click({ position: { x: 12, y: 8 } });
await page.getByTestId("event-detail").waitFor();
await page.getByTestId("related-events").waitFor();
await page.screenshot({ path: "public/screenshot.png" });
await browser.close();
console.log("wrote public/screenshot.png");
