import type { Page } from "@playwright/test";
import { AUTH_PORT, AUTH_USERS } from "./auth-fixture";

/**
 * Signs `who` in on the built-in sign-in server through its form: from
 * `path` (the sign-in page by default), or from the form already on screen
 * when `path` is "".
 */
export async function signIn(
  page: Page,
  who: keyof typeof AUTH_USERS,
  path = "/sign-in",
): Promise<void> {
  const { name, password } = AUTH_USERS[who];
  if (path) await page.goto(`http://127.0.0.1:${AUTH_PORT}${path}`);
  await page.getByTestId("sign-in-user").fill(name);
  await page.getByTestId("sign-in-password").fill(password);
  await page.getByTestId("sign-in-submit").click();
}
