import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { AddressInfo, Socket } from "node:net";

/**
 * An HTTP proxy in front of the S3 test server that misbehaves on demand, for fault tests:
 * it delays requests, answers 503 SlowDown, or cuts object downloads in the middle of their
 * body (the server "stops mid-load"). Faults can be changed while a load runs; `heal()`
 * ends them all. Listing requests are only delayed or throttled, never cut.
 */

export interface ProxyFaults {
  /** Added before each answer, and again between the two halves of each object body. */
  delayMs: number;
  /** Answer this many of the next requests (of any kind) with 503 SlowDown. */
  slowDownNext: number;
  /** Answer the first this many GETs of each object with 503 SlowDown (a storm spread over a load). */
  slowDownFirstGets: number;
  /** After this many object GETs were answered whole, answer every later one with 503 SlowDown. */
  slowDownAfterObjects: number | null;
  /** After this many object GETs were answered whole, cut every later one mid-body. */
  cutAfterObjects: number | null;
}

export interface ProxyStats {
  requests: number;
  /** Object GETs answered whole. */
  objectsServed: number;
  slowDowns: number;
  /** Object keys whose download was cut, each time it was. */
  cut: string[];
  /** Object keys answered 503 SlowDown. */
  throttled: string[];
}

export interface FaultyProxy {
  endpoint: string;
  faults: ProxyFaults;
  stats: ProxyStats;
  /** No more faults from now on. */
  heal(): void;
  stop(): Promise<void>;
}

const HEALTHY: ProxyFaults = {
  delayMs: 0,
  slowDownNext: 0,
  slowDownFirstGets: 0,
  slowDownAfterObjects: null,
  cutAfterObjects: null,
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The object key of a path-style GetObject (`/bucket/key`), or null for other requests. */
function objectKey(req: IncomingMessage): string | null {
  if (req.method !== "GET") return null;
  const url = new URL(req.url ?? "/", "http://proxy");
  const [, , ...key] = url.pathname.split("/");
  if (key.length === 0 || key.join("") === "" || url.searchParams.has("list-type")) return null;
  return decodeURIComponent(key.join("/"));
}

function slowDown(res: ServerResponse, key: string | null) {
  res.writeHead(503, { "content-type": "application/xml", "retry-after": "0" });
  res.end(
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>SlowDown</Code>` +
      `<Message>Please reduce your request rate.</Message><Resource>${key ?? "/"}</Resource>` +
      `<RequestId>FAULTY-PROXY</RequestId></Error>`,
  );
}

async function readAll(stream: AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startFaultyProxy(upstream: string): Promise<FaultyProxy> {
  const target = new URL(upstream);
  const faults: ProxyFaults = { ...HEALTHY };
  const stats: ProxyStats = { requests: 0, objectsServed: 0, slowDowns: 0, cut: [], throttled: [] };
  const sockets = new Set<Socket>();
  const getsPerKey = new Map<string, number>();

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    stats.requests += 1;
    const body = await readAll(req);
    const key = objectKey(req);
    if (faults.delayMs > 0) await sleep(faults.delayMs);
    const gets = key === null ? 0 : (getsPerKey.get(key) ?? 0) + 1;
    if (key !== null) getsPerKey.set(key, gets);
    const stormed =
      key !== null &&
      (gets <= faults.slowDownFirstGets ||
        (faults.slowDownAfterObjects !== null &&
          stats.objectsServed >= faults.slowDownAfterObjects));
    if (faults.slowDownNext > 0 || stormed) {
      if (!stormed) faults.slowDownNext -= 1;
      stats.slowDowns += 1;
      if (key !== null) stats.throttled.push(key);
      return slowDown(res, key);
    }
    const upstreamRes = await new Promise<IncomingMessage>((resolve, reject) => {
      const forward = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: target.host },
        },
        resolve,
      );
      forward.on("error", reject);
      forward.end(body);
    });
    const payload = await readAll(upstreamRes);
    const cutting =
      key !== null &&
      upstreamRes.statusCode !== undefined &&
      upstreamRes.statusCode < 300 &&
      faults.cutAfterObjects !== null &&
      stats.objectsServed >= faults.cutAfterObjects;
    res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
    if (cutting) {
      // Half the body, then the connection drops: the client sees a premature close.
      stats.cut.push(key);
      res.write(payload.subarray(0, Math.floor(payload.length / 2)));
      await sleep(5);
      res.socket?.destroy();
      return;
    }
    if (key !== null && faults.delayMs > 0 && payload.length > 1) {
      const half = Math.floor(payload.length / 2);
      res.write(payload.subarray(0, half));
      await sleep(faults.delayMs);
      res.end(payload.subarray(half));
    } else {
      res.end(payload);
    }
    if (key !== null) stats.objectsServed += 1;
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" });
      res.end(`faulty proxy: ${(error as Error).message}`);
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    faults,
    stats,
    heal: () => Object.assign(faults, HEALTHY),
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
