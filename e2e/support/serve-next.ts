import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";

/**
 * Runs the production build for an end-to-end server beside a local stand-in
 * for an AWS service: a fresh store in `.trailglass-e2e-<name>`, only the
 * sources given in `env`, and both processes stopped together (when Playwright
 * stops this one, or when the build exits).
 */

export const ROOT = path.resolve(__dirname, "../..");

export function serveNext(options: {
  name: string;
  port: number;
  env: Record<string, string>;
  stopService: () => Promise<void>;
}): void {
  const dataDir = path.join(ROOT, `.trailglass-e2e-${options.name}`);
  rmSync(dataDir, { recursive: true, force: true });
  const next = spawn(
    "node",
    ["scripts/serve.mjs", "--host", "127.0.0.1", "--port", String(options.port)],
    {
      cwd: ROOT,
      stdio: "inherit",
      env: {
        ...process.env,
        TRAILGLASS_DATA: dataDir,
        TRAILGLASS_DIR: "",
        TRAILGLASS_S3: "",
        TRAILGLASS_LOOKUP_REGIONS: "",
        ...options.env,
      },
    },
  );
  const stop = async (code: number) => {
    next.kill("SIGTERM");
    await options.stopService();
    process.exit(code);
  };
  next.on("exit", (code) => void stop(code ?? 1));
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => void stop(0));
}

/** Runs `main`, exiting non-zero with its error if it fails. */
export function runServe(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
