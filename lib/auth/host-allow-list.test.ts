import { describe, expect, it } from "vitest";
import { parseIpMatch } from "../net/ip-match";
import {
  hostAllowList,
  hostNameOf,
  isAllowedHost,
  isLoopbackHost,
  misdirectedHost,
} from "./host-allow-list";
import { PEER_HEADER } from "./request-auth";

describe("host names answered to", () => {
  const loopback = hostAllowList("127.0.0.1", null);
  const everywhere = hostAllowList("0.0.0.0", new URL("https://TG.example.com"));
  const named = hostAllowList("10.0.0.5", new URL("https://tg.example.com:8443"));

  it.each([
    // Bound to loopback: the loopback names, any port.
    [loopback, "127.0.0.1:3000", true],
    [loopback, "localhost:3000", true],
    [loopback, "LOCALHOST.", true],
    [loopback, "[::1]:3000", true],
    [loopback, "evil.example:3000", false],
    [loopback, "10.0.0.5", false],
    [loopback, "127.0.0.1.nip.io", false],
    [loopback, "", false],
    [loopback, null, false],
    [loopback, "a b", false],
    [loopback, "user@127.0.0.1", false],
    // Bound to every interface: any IP address, names only the public URL's.
    [everywhere, "tg.example.com", true],
    [everywhere, "tg.example.com:443", true],
    [everywhere, "10.1.2.3:3000", true],
    [everywhere, "[2001:db8::5]:3000", true],
    [everywhere, "localhost", true],
    [everywhere, "evil.example", false],
    // Bound to one address: it, and the public URL's name.
    [named, "10.0.0.5:3000", true],
    [named, "tg.example.com", true],
    [named, "10.0.0.6", false],
    [named, "localhost", false],
  ])("%# %s", (list, host, expected) => {
    expect(isAllowedHost(host, list)).toBe(expected);
  });

  it("reads host names from Host values", () => {
    expect(hostNameOf("Example.com:80")).toBe("example.com");
    expect(hostNameOf("[::1]:3000")).toBe("::1");
    expect(hostNameOf("a/b")).toBeNull();
  });

  it("knows loopback addresses", () => {
    for (const host of [
      "localhost",
      "127.0.0.1",
      "127.1.2.3",
      "::1",
      "[::1]",
      "::ffff:127.0.0.1",
    ]) {
      expect(isLoopbackHost(host), host).toBe(true);
    }
    for (const host of ["0.0.0.0", "::", "10.0.0.1", "example.com"]) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
  });

  it("checks X-Forwarded-Host only from a trusted proxy", () => {
    const config = { hosts: loopback, trustedProxies: [parseIpMatch("127.0.0.1")!] };
    const request = (peer: string, forwardedHost: string) =>
      new Headers({
        host: "127.0.0.1:3000",
        [PEER_HEADER]: peer,
        "x-forwarded-host": forwardedHost,
      });
    expect(misdirectedHost(request("127.0.0.1", "evil.example"), config)).toBe("evil.example");
    expect(misdirectedHost(request("127.0.0.1", "localhost:3000"), config)).toBeNull();
    expect(misdirectedHost(request("127.0.0.2", "evil.example"), config)).toBeNull();
    expect(misdirectedHost(new Headers({ host: "evil.example" }), config)).toBe("evil.example");
  });
});
