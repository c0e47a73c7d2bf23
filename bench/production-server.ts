import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

/**
 * The production build on loopback for browser and load benchmarks (built
 * first when missing), stopped with its whole process group.
 */

const ROOT = path.resolve(__dirname, "..");

async function waitForHealth(url: string, server: ChildProcess): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch (error) {
      if (!(error instanceof TypeError)) throw error; // connection refused: not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within 150 s`);
}

export async function startProductionServer(options: {
  port: number;
  env: Record<string, string>;
}): Promise<{ base: string; pid: number; stop: () => void }> {
  if (
    !existsSync(path.join(ROOT, ".next", "BUILD_ID")) ||
    !existsSync(path.join(ROOT, "dist", "load-worker.cjs"))
  ) {
    console.log("building the production server (npm run build)…");
    execFileSync("npm", ["run", "build"], { cwd: ROOT, stdio: "inherit" });
  }
  // Through scripts/serve.mjs, as `npm start` (plain `next start` is refused).
  const server = spawn(
    "node",
    ["scripts/serve.mjs", "--host", "127.0.0.1", "--port", String(options.port)],
    {
      cwd: ROOT,
      // Its own process group: the server and anything it starts stop together.
      detached: true,
      stdio: ["ignore", "ignore", "inherit"],
      env: {
        ...process.env,
        TRAILGLASS_SAMPLE: "off",
        TRAILGLASS_DIR: "",
        TRAILGLASS_S3: "",
        TRAILGLASS_LOOKUP_REGIONS: "",
        ...options.env,
      },
    },
  );
  const base = `http://127.0.0.1:${options.port}`;
  const stop = () => {
    if (server.pid && server.exitCode === null) process.kill(-server.pid, "SIGTERM");
  };
  try {
    await waitForHealth(`${base}/api/health`, server);
  } catch (error) {
    stop();
    throw error;
  }
  // Detached: its process group is its pid (bench/process-tree.ts measures the group).
  return { base, pid: server.pid!, stop };
}
