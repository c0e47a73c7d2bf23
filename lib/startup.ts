import { AuthConfigError, getAuthConfig } from "./auth/auth-config";
import { ConfigError, getConfig } from "./config";
import { threadPoolNeeded } from "./store/admission";
import { getTrailglass } from "./trailglass";

/** libuv's default pool, when UV_THREADPOOL_SIZE is not set. */
const DEFAULT_THREAD_POOL = 4;

/** scripts/serve.mjs sizes the pool; a server started otherwise, or told less, is told why it matters. */
function warnOfSmallThreadPool(needed: number): void {
  const pool = Number(process.env.UV_THREADPOOL_SIZE) || DEFAULT_THREAD_POOL;
  if (pool >= needed) return;
  console.warn(
    `trailglass: UV_THREADPOOL_SIZE is ${pool}, below the ${needed} threads the store's queries ` +
      "and file reads may use at once: pages may wait behind exports and " +
      "summaries. Leave it unset with npm start (scripts/serve.mjs sizes it).",
  );
}

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
  warnOfSmallThreadPool(threadPoolNeeded(app.store.admission.limits));
  app.loads.ensureRange(app.defaultRange());
}
