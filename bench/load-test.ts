/**
 * `npm run bench` (last part): 50 simulated users (bench/browsing-users.ts)
 * against the production build on loopback over a store of 1,000,000
 * generated events, for a bounded time. Reports p50/p99 per kind and every
 * error, for each think time: 5 s (someone reading what they asked for) and
 * 1 s (a stress test: two cores cannot serve 50 users asking every second;
 * see the README). Then the abuse phase (bench/abuse-phase.ts): the same
 * users, signed in, beside clients asking absurd ranges, holding slow exports
 * and guessing passwords.
 * Options: --users N (50), --seconds N (60 per think time), --think-ms
 * 5000,1000 (empty: none), --abuse-seconds N (60; 0: no abuse phase), --seed N
 * (1: the same sequence of views each run; views are unique within a run),
 * --events N (1000000), --store DIR (reuse a filled store), --base URL (a
 * server already running over that store; none is started, no abuse phase),
 * --port N (3196: where the server listens), --abuses ranges,exports,sign-ins
 * (the abuse phase's abuses; all when not given).
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { openStore } from "../lib/store/database";
import { runAbusePhase } from "./abuse-phase";
import { browse, printFigures } from "./browsing-users";
import { fill, option, textOption } from "./generated-store";
import { isAlive } from "./process-tree";
import { startProductionServer } from "./production-server";

async function main() {
  const users = option("users", 50);
  const seconds = option("seconds", 60);
  const thinkTimes = (textOption("think-ms") ?? "5000,1000").split(",").filter(Boolean).map(Number);
  const abuseSeconds = option("abuse-seconds", 60);
  const port = option("port", 3196);
  const seed = option("seed", 1);
  const events = option("events", 1_000_000);
  const storeArg = textOption("store");
  const baseArg = textOption("base");
  const work = await mkdtemp(path.join(os.tmpdir(), "trailglass-load-"));
  const dataDir = storeArg ?? path.join(work, "data");
  let server: { base: string; pid: number; stop: () => void } | null = null;
  try {
    if (!storeArg && !baseArg) {
      const store = await openStore(dataDir);
      console.log(
        `load: filled ${events.toLocaleString("en-US")} events in ${(await fill(store, events)).toFixed(0)} s`,
      );
      store.close();
    }
    if (!baseArg) {
      server = await startProductionServer({ port, env: { TRAILGLASS_DATA: dataDir } });
    }
    for (const thinkMs of thinkTimes) {
      const figures = await browse(baseArg ?? server!.base, { users, seconds, thinkMs, seed });
      printFigures(
        `load: ${users} users for ${seconds} s (think time ${thinkMs} ms ±50%, seed ${seed})`,
        figures,
      );
    }
    if (!baseArg && abuseSeconds > 0) {
      // The abuse phase runs its own server (with sign-in) on the same store.
      server?.stop();
      while (server && isAlive(server.pid)) await new Promise((r) => setTimeout(r, 100));
      server = null;
      const abuses = textOption("abuses");
      await runAbusePhase({
        dataDir,
        work,
        port,
        users,
        seconds: abuseSeconds,
        seed,
        abuses: abuses === null ? undefined : new Set(abuses.split(",")),
      });
    }
  } finally {
    server?.stop();
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
