/**
 * `npm run bench` (fourth part): scrolling the events table through 100,000
 * rows in Chromium, counting the browser's long tasks (PerformanceObserver
 * "longtask": main-thread work over 50 ms). A generated trail of 120,000
 * events in a local folder, the production build on loopback (built first if
 * missing), Debian's Chromium. Options: --rows N (100000); --profile prints
 * the functions that took the most main-thread time while scrolling.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { chromium } from "@playwright/test";
import { option } from "./generated-store";
import { startProductionServer } from "./production-server";
import { syntheticTrail } from "./synthetic-trail";

const PORT = 3197;
const EVENTS_PER_OBJECT = 1000;

async function main() {
  const rows = option("rows", 100_000);
  const objects = Math.ceil((rows * 1.2) / EVENTS_PER_OBJECT);
  const work = await mkdtemp(path.join(os.tmpdir(), "trailglass-scroll-"));
  const trail = path.join(work, "trail");
  let server: { base: string; stop: () => void } | null = null;
  try {
    for (const o of syntheticTrail({ objects, eventsPerObject: EVENTS_PER_OBJECT, days: 1 })) {
      const file = path.join(trail, o.key);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, o.body);
    }
    server = await startProductionServer({
      port: PORT,
      env: { TRAILGLASS_DATA: path.join(work, "data"), TRAILGLASS_DIR: trail },
    });
    const base = server.base;

    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--disable-gpu", "--no-first-run", "--enable-precise-memory-info"],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      // tsx compiles the evaluated function with esbuild's `__name` helper: give the page one.
      await page.addInitScript({ content: "window.__name = (f) => f;" });
      const range = "from=2026-11-09T23:00:00Z&to=2026-11-11T01:00:00Z";
      let started = performance.now();
      await page.goto(`${base}/?${range}`);
      await page.getByTestId("load-complete").waitFor({ timeout: 600_000 });
      const loadSeconds = (performance.now() - started) / 1000;
      const total = await page.getByTestId("total").textContent();
      await page.getByTestId("event-row").first().waitFor();

      const profiler = process.argv.includes("--profile")
        ? await page.context().newCDPSession(page)
        : null;
      if (profiler) {
        await profiler.send("Profiler.enable");
        await profiler.send("Profiler.start");
      }
      started = performance.now();
      const result = await page.evaluate(async (target: number) => {
        const longTasks: number[] = [];
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) longTasks.push(entry.duration);
        }).observe({ type: "longtask", buffered: false });
        const scroller = document.querySelector<HTMLElement>('[data-testid="table-scroll"]')!;
        const table = document.querySelector<HTMLElement>('[data-testid="events-table"]')!;
        const loaded = () => Number(table.getAttribute("aria-rowcount"));
        const frame = () => new Promise((r) => requestAnimationFrame(r));
        let frames = 0;
        let waits = 0;
        // A fast but human-like fling: 60 rows per frame, waiting at the end for the next page.
        while (true) {
          const lastShown = Math.floor((scroller.scrollTop + scroller.clientHeight) / 33);
          if (lastShown >= target) break;
          if (scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 2) {
            const before = loaded();
            const deadline = performance.now() + 30_000;
            while (loaded() === before && performance.now() < deadline) await frame();
            if (loaded() === before) break; // nothing more to load
            waits++;
          }
          scroller.scrollTop += 60 * 33;
          frames++;
          await frame();
        }
        await new Promise((r) => setTimeout(r, 500)); // let the observer deliver
        const mem = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
        return {
          longTasks,
          frames,
          waits,
          loaded: loaded(),
          rendered: document.querySelectorAll('[data-testid="event-row"]').length,
          heapMb: mem ? mem.usedJSHeapSize / 1e6 : null,
        };
      }, rows);
      const seconds = (performance.now() - started) / 1000;
      if (profiler) printProfile((await profiler.send("Profiler.stop")).profile);
      const over = (ms: number) => result.longTasks.filter((d) => d > ms).length;
      const sorted = [...result.longTasks].sort((a, b) => b - a);
      console.log(
        [
          `scroll: ${total}; first screen after the load of the range: ${loadSeconds.toFixed(1)} s`,
          `  scrolled to row ${result.loaded.toLocaleString("en-US")} in ${seconds.toFixed(1)} s (${result.frames} scroll steps, ${result.waits} waits for the next page)`,
          `  long tasks: ${result.longTasks.length} over 50 ms, ${over(100)} over 100 ms; longest ${
            sorted
              .slice(0, 3)
              .map((d) => `${Math.round(d)} ms`)
              .join(", ") || "none"
          }`,
          `  rows in the DOM at the end: ${result.rendered}; JS heap ${result.heapMb?.toFixed(0) ?? "?"} MB`,
        ].join("\n"),
      );
    } finally {
      await browser.close();
    }
  } finally {
    server?.stop();
    await rm(work, { recursive: true, force: true });
  }
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples?: number[];
  timeDeltas?: number[];
}

/** Self time per function, largest first. */
function printProfile(profile: CpuProfile): void {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const frame = byNode.get(samples[i]!)!.callFrame;
    const name = `${frame.functionName || "(anonymous)"} ${frame.url.split("/").pop()}:${frame.lineNumber}`;
    self.set(name, (self.get(name) ?? 0) + (deltas[i] ?? 0) / 1000);
  }
  const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25);
  for (const [name, ms] of top) console.log(`  ${ms.toFixed(0).padStart(7)} ms  ${name}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
