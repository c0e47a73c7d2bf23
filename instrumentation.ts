/** Next calls this once per server process; the work lives in lib/ (Node only). */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startTrailglass } = await import("./lib/startup");
  await startTrailglass();
}
