/**
 * The load test's abuse phase (#22): the browsing users of the load test,
 * signed in, while 5 clients ask absurd ranges, 12 hold slow or stalled
 * exports (12 users: more than the server runs at once) and 100 addresses
 * guess passwords, all against the production build with built-in sign-in
 * over the same store. Prints the browsing users' p50/p99 and errors, what
 * the abusive clients got, the server's peak memory and CPU, then 10,000
 * health checks at once.
 */
import { randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { hashPassword } from "../lib/auth/password";
import {
  absurdRanges,
  formatTally,
  healthBurst,
  signInAttempts,
  slowExports,
} from "./abuse-clients";
import { browse, printFigures } from "./browsing-users";
import { SPAN_MS, START } from "./generated-store";
import { cpuMeter, isAlive, watchRss } from "./process-tree";
import { startProductionServer } from "./production-server";

const EXPORTERS = 12;
const ABSURD_CLIENTS = 5;
const GUESSING_ADDRESSES = 100;
const HEALTH_CHECKS = 10_000;
const BROWSING_THINK_MS = 5_000;
/** The generated events' whole span: what the exports export. */
const WHOLE_STORE = `from=${new Date(START).toISOString()}&to=${new Date(START + SPAN_MS).toISOString()}`;

/** The session cookie (`name=value`) of a sign-in. */
async function signIn(base: string, user: string, password: string): Promise<string> {
  const response = await fetch(`${base}/api/session`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base },
    body: JSON.stringify({ user, password }),
  });
  const cookie = response.headers.getSetCookie()[0]?.split(";")[0];
  if (!response.ok || !cookie)
    throw new Error(`signing in ${user} failed: HTTP ${response.status}`);
  return cookie;
}

/** Users: one per browsing user, one the absurd ranges come from, one per export client. */
async function writeUsersFile(file: string, password: string, browsing: number): Promise<void> {
  const hash = hashPassword(password);
  const names = [
    ...Array.from({ length: browsing }, (_, n) => `user-${n + 1}`),
    "prober",
    ...Array.from({ length: EXPORTERS }, (_, n) => `exporter-${n + 1}`),
  ];
  const users = names.map((name) => ({ name, role: "analyst", passwordHash: hash }));
  await writeFile(file, JSON.stringify({ users }));
}

export async function runAbusePhase(options: {
  dataDir: string;
  work: string;
  port: number;
  users: number;
  seconds: number;
  seed: number;
  /** Which abuses run beside the users (all when not given): "ranges", "exports", "sign-ins". */
  abuses?: ReadonlySet<string>;
}): Promise<void> {
  const runs = (abuse: string) => !options.abuses || options.abuses.has(abuse);
  const none = Promise.resolve(new Map<string, number>());
  const password = randomBytes(12).toString("base64url");
  const usersFile = path.join(options.work, "users.json");
  await writeUsersFile(usersFile, password, options.users);
  const server = await startProductionServer({
    port: options.port,
    env: {
      TRAILGLASS_DATA: options.dataDir,
      TRAILGLASS_AUTH: "password",
      TRAILGLASS_USERS_FILE: usersFile,
      TRAILGLASS_SESSION_SECRET: randomBytes(32).toString("base64"),
      // The guessers' X-Forwarded-For is believed from loopback, as from a TLS proxy.
      TRAILGLASS_TRUSTED_PROXIES: "127.0.0.1",
    },
  });
  try {
    const { base } = server;
    const browsing: string[] = [];
    for (let n = 1; n <= options.users; n++)
      browsing.push(await signIn(base, `user-${n}`, password));
    const prober = await signIn(base, "prober", password);
    const exporters: string[] = [];
    for (let n = 1; n <= EXPORTERS; n++)
      exporters.push(await signIn(base, `exporter-${n}`, password));

    const rss = watchRss(server.pid);
    const cpu = cpuMeter(server.pid);
    const until = performance.now() + options.seconds * 1000;
    const [figures, absurd, exports, guesses] = await Promise.all([
      browse(base, {
        users: options.users,
        seconds: options.seconds,
        thinkMs: BROWSING_THINK_MS,
        seed: options.seed,
        headers: (n) => ({ cookie: browsing[n]! }),
      }),
      runs("ranges")
        ? absurdRanges(base, { clients: ABSURD_CLIENTS, until, headers: { cookie: prober } })
        : none,
      runs("exports") ? slowExports(base, { cookies: exporters, view: WHOLE_STORE, until }) : none,
      runs("sign-ins") ? signInAttempts(base, { addresses: GUESSING_ADDRESSES, until }) : none,
    ]);
    const peakMb = rss.peak() / 1e6;
    const used = cpu();
    rss.stop();

    printFigures(
      `abuse: ${options.users} users browsing (think time ${BROWSING_THINK_MS} ms ±50%) for ` +
        `${options.seconds} s beside ${ABSURD_CLIENTS} clients asking absurd ranges, ` +
        `${EXPORTERS} slow or stalled exports and ${GUESSING_ADDRESSES} addresses guessing passwords`,
      figures,
    );
    console.log(`  absurd ranges: ${formatTally(absurd)}`);
    console.log(`  exports: ${formatTally(exports)}`);
    console.log(`  password guesses: ${formatTally(guesses)}`);
    console.log(
      `  server: peak RSS ${peakMb.toFixed(0)} MB; CPU ${used.server.toFixed(0)} s ` +
        `(the bench ${used.bench.toFixed(0)} s, other processes ${used.others.toFixed(0)} s)`,
    );

    const burst = await healthBurst(base, {
      calls: HEALTH_CHECKS,
      headers: { cookie: browsing[0]! },
    });
    console.log(
      `health: ${HEALTH_CHECKS} at once, all answered in ${burst.seconds.toFixed(1)} s: ${formatTally(burst.tally)}`,
    );
  } finally {
    server.stop();
    // The store is the next run's: wait until the server lets go of it.
    while (isAlive(server.pid)) await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
