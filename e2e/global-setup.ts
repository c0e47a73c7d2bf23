import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";

/** A fresh store per run; the browser must be Debian's Chromium (no download here). */
export default async function globalSetup(): Promise<void> {
  await rm(".trailglass-e2e", { recursive: true, force: true });
  const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(chromium)) {
    throw new Error(
      `Chromium not found at ${chromium}. Install it (apt-get install -y chromium) or set CHROMIUM_PATH.`,
    );
  }
}
