import http from "node:http";
import { findChild, isAlive } from "./process-tree";
import { startProductionServer } from "./production-server";

/**
 * Talking to the benchmark's server: started and stopped with its process id
 * (for /proc), and asked over plain HTTP, timed.
 */

/** `progress` of /api/events, as far as the benchmark reads it. */
export interface Progress {
  running: boolean;
  filesTotal: number;
  filesDone: number;
  filesSkipped: number;
  eventsLoaded: number;
}

/** The fields of the API's answers that the benchmark reads. */
export interface Answer {
  events?: unknown[];
  total?: number | null;
  complete?: boolean;
  problemsTotal?: number;
  progress?: Progress;
  store?: { events: number; files: number };
  /** /api/integrity's. */
  files?: Record<string, number>;
  digests?: Record<string, number>;
  findingsTotal?: number;
}

export interface Timed {
  ms: number;
  /** When it answered, ms since the clock's origin. */
  at: number;
  body: Answer;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Kept-alive connections, and no time limit: a `wait=1` answer may take many minutes. */
const agent = new http.Agent({ keepAlive: true });

function get(url: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString() }),
        );
        response.on("error", reject);
      })
      .on("error", reject);
  });
}

export async function timed(base: string, url: string): Promise<Timed> {
  const started = performance.now();
  const { status, text } = await get(`${base}${url}`);
  if (status !== 200) throw new Error(`${url}: HTTP ${status} ${text.slice(0, 300)}`);
  const at = performance.now();
  return { ms: at - started, at, body: JSON.parse(text) as Answer };
}

export async function startServer(
  port: number,
  trail: string,
  dataDir: string,
  env: Record<string, string> = {},
) {
  const server = await startProductionServer({
    port,
    env: { TRAILGLASS_DIR: trail, TRAILGLASS_DATA: dataDir, TRAILGLASS_SAMPLE: "off", ...env },
  });
  // Our direct child (spawned without a shell), leader of its own process group.
  const pid = findChild(["scripts/serve.mjs", "--port", String(port)]);
  if (pid === null) throw new Error("cannot find the server process");
  return { ...server, pid };
}

export async function stopServer(server: { stop: () => void; pid: number }): Promise<void> {
  server.stop();
  agent.destroy(); // Its kept-alive connections were to this server.
  for (let i = 0; i < 600 && isAlive(server.pid); i++) await sleep(100);
  if (isAlive(server.pid)) throw new Error(`the server (pid ${server.pid}) did not stop in 60 s`);
}
