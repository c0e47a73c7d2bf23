/**
 * Takes the README screenshots: the dashboard on the bundled sample with one
 * event open (1440 px), the same on a phone (390 px), and the first page of
 * Who did what as printed on A4. Needs a running server (npm run demo) and
 * Debian's Chromium.
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
console.log("wrote public/screenshot.png");

const phone = await browser.newPage({
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
});
await phone.goto(base);
await phone.getByTestId("load-complete").waitFor({ timeout: 120_000 });
await phone.screenshot({ path: "public/screenshot-phone.png" });
console.log("wrote public/screenshot-phone.png");

// A4 at 96 px per inch, laid out for print inside the @page margins (12 mm): the first page.
const A4 = { width: 794, height: 1123 };
const report = await browser.newPage({ viewport: A4 });
await report.goto(`${base}/summary`);
await report.getByTestId("load-complete").waitFor({ timeout: 120_000 });
await report.emulateMedia({ media: "print" });
await report.addStyleTag({ content: "body { padding: 12mm; }" });
await report.screenshot({ path: "public/report-page.png", clip: { x: 0, y: 0, ...A4 } });
console.log("wrote public/report-page.png");
await browser.close();
