import { request as httpRequest } from "node:http";

/**
 * An HTTP request from a chosen local address (the TCP peer the server sees:
 * 127.0.0.1 is the trusted proxy of the e2e servers, 127.0.0.2 is not), with
 * headers a browser would not let a page set (Host, X-Forwarded-For).
 */
export function requestFrom(
  localAddress: string,
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { localAddress, method: options.method ?? "GET", headers: options.headers ?? {} },
      (res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => (body += chunk.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

/** `GET` from a chosen local address. */
export function getFrom(localAddress: string, url: string, headers: Record<string, string> = {}) {
  return requestFrom(localAddress, url, { headers });
}
