/**
 * Runs once when the server starts: refuse to start on a bad configuration,
 * then begin loading the default range so the first page finds it warm.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getConfig, ConfigError } = await import("./lib/config");
  try {
    getConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`\n${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const { getTrailglass } = await import("./lib/trailglass");
  const app = await getTrailglass();
  app.loads.ensureRange(app.defaultRange());
}
