import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

/** scripts/serve.mjs refuses a non-loopback bind with access control off, before loading Next. */

const SERVE = path.join(__dirname, "serve.mjs");

function serve(args: string[], env: Record<string, string> = {}) {
  const { TRAILGLASS_AUTH: _ignored, ...base } = process.env;
  return spawnSync(process.execPath, [SERVE, ...args], {
    env: { ...base, ...env },
    encoding: "utf8",
    timeout: 30_000,
  });
}

describe("scripts/serve.mjs", () => {
  it.each([["0.0.0.0"], ["::"], ["192.0.2.10"]])(
    "refuses to listen on %s without TRAILGLASS_AUTH",
    (host) => {
      const result = serve(["--host", host, "--port", "0"]);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(`refusing to listen on ${host} with access control off`);
      expect(result.stderr).toContain("TRAILGLASS_AUTH");
    },
  );

  it("refuses with TRAILGLASS_AUTH=none too, and via HOST", () => {
    const result = serve([], { HOST: "0.0.0.0", TRAILGLASS_AUTH: "none" });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("refusing to listen on 0.0.0.0");
  });

  it("rejects a bad port", () => {
    const result = serve(["--port", "http"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('"http" is not a TCP port');
  });
});
