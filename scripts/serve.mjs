#!/usr/bin/env node
/**
 * Starts trailglass (the production build, or `--dev`) on --host/--port (or
 * HOST/PORT; default 127.0.0.1:3000). Refuses to listen beyond loopback with
 * access control off. Next cannot see the bind address or the TCP peer, so this
 * server tells proxy.ts: it overwrites x-trailglass-peer with the peer address
 * on every request, and x-trailglass-serve with a per-process token that
 * proves the request came through here (plain `next start` gets 503).
 */
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\]|::ffff:127(\.\d{1,3}){3})$/i;

function fail(message) {
  console.error(`\ntrailglass: ${message}\n`);
  process.exit(1);
}

let args;
try {
  args = parseArgs({
    options: {
      host: { type: "string", short: "H" },
      port: { type: "string", short: "p" },
      dev: { type: "boolean", default: false },
    },
  }).values;
} catch (error) {
  fail(`${error.message}\nUsage: node scripts/serve.mjs [--host 127.0.0.1] [--port 3000] [--dev]`);
}

const host = (args.host ?? process.env.HOST ?? "127.0.0.1").trim();
const portText = args.port ?? process.env.PORT ?? "3000";
const port = Number(portText);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`"${portText}" is not a TCP port.`);

const auth = (process.env.TRAILGLASS_AUTH ?? "").trim().toLowerCase() || "none";
if (auth === "none" && !LOOPBACK.test(host)) {
  fail(
    `refusing to listen on ${host} with access control off: anyone who reaches it could read ` +
      `the audit logs. Set TRAILGLASS_AUTH=proxy (behind an OIDC proxy) or TRAILGLASS_AUTH=password ` +
      `(built-in sign-in; see the README's Security section), or bind to 127.0.0.1.`,
  );
}

// Store queries run on libuv's thread pool (4 threads unless told), beside password checks and
// file reads. Each kind of store work has its own connections (lib/store/admission.ts: about
// 1.75 per core, at least 7), so the pool holds them all with room to spare: a page never
// waits for a thread behind an export or a summary. lib/startup.ts warns when it is too small.
// Read when the pool first starts.
process.env.UV_THREADPOOL_SIZE ??= String(2 * Math.max(4, availableParallelism()) + 6);

const token = randomBytes(24).toString("base64url");
process.env.TRAILGLASS_SERVE_TOKEN = token;
process.env.TRAILGLASS_BIND_HOST = host;

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { default: next } = await import("next");
const app = next({ dev: args.dev, dir, hostname: host, port });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((req, res) => {
  req.headers["x-trailglass-peer"] = req.socket.remoteAddress ?? "";
  req.headers["x-trailglass-serve"] = token;
  handle(req, res).catch((error) => {
    console.error("[trailglass] request failed:", error);
    if (!res.headersSent) res.statusCode = 500;
    res.end();
  });
});
if (args.dev && typeof app.getUpgradeHandler === "function") {
  const upgrade = app.getUpgradeHandler();
  server.on("upgrade", (req, socket, head) => upgrade(req, socket, head));
}
server.on("error", (error) => fail(`cannot listen on ${host}:${port}: ${error.message}`));
// A burst of connections (thousands of health checks at once) waits in the kernel's queue rather
// than being refused; Linux caps it at net.core.somaxconn.
server.listen({ port, host, backlog: 4096 }, () => {
  const where = host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
  console.log(`trailglass ready on http://${where}:${port} (access control: ${auth})`);
});

for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => {
    server.close();
    process.exit(0);
  });
}
