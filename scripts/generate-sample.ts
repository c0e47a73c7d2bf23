import path from "node:path";
import { ensureSampleTrailStatus } from "../lib/sample";

/** Usage: tsx scripts/generate-sample.ts [outDir] [--force] */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const force = args.includes("--force");
  const unknown = args.filter((a) => a.startsWith("-") && a !== "--force");
  if (unknown.length > 0) {
    console.error(
      `unknown option ${unknown.join(" ")}\nusage: tsx scripts/generate-sample.ts [outDir] [--force]`,
    );
    process.exit(2);
  }
  const outDir = path.resolve(args.find((a) => !a.startsWith("-")) ?? "sample-trail");
  const started = performance.now();
  const { manifest: m, generated } = await ensureSampleTrailStatus(outDir, { force });
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  const n = (x: number) => x.toLocaleString("en-US");
  const files = m.files.events + m.files.insights + m.files.digests;
  const c = m.byCategory;
  console.log(
    `${generated ? "generated" : "up to date"} ${outDir} (v${m.generatorVersion}): ${n(files)} files ` +
      `(${n(m.files.events)} event, ${n(m.files.insights)} insights, ${n(m.files.digests)} digest), ` +
      `${n(m.records)} records, ${n(m.distinctEvents)} distinct events ` +
      `(Management ${n(c.Management)}, Data ${n(c.Data)}, NetworkActivity ${n(c.NetworkActivity)}, Insight ${n(c.Insight)}), ` +
      `${n(m.duplicateRecords)} duplicates, ${n(m.deliveredNextDay)} delivered next day, ${seconds}s`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
