import { AuthConfigError, getAuthConfig } from "./auth/auth-config";
import { ConfigError, getConfig } from "./config";
import { getTrailglass } from "./trailglass";

/**
 * Server start: refuse to run on a bad configuration (the message names the
 * variable), then begin loading the default range so the first page is warm.
 */
export async function startTrailglass(): Promise<void> {
  try {
    getConfig();
    getAuthConfig();
  } catch (error) {
    if (error instanceof ConfigError || error instanceof AuthConfigError) {
      console.error(`\n${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const app = await getTrailglass();
  app.loads.ensureRange(app.defaultRange());
}
