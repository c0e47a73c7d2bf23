import { parseIpAddress, withoutV4Mapping, type IpRange } from "../net/ip-match";
import { isTrustedPeer, PEER_HEADER } from "./request-auth";

/**
 * Who a sign-in attempt comes from, for counting failures (#22). Behind a TLS
 * proxy the TCP peer is the proxy: every user would share its budget, and 20
 * bad passwords would lock everyone out. From a trusted proxy, the client is
 * the rightmost `X-Forwarded-For` hop that is not itself a trusted proxy (the
 * hops to its left are whatever the client chose to send); from any other
 * peer, the header is ignored.
 */
export function clientAddress(headers: Headers, trustedProxies: IpRange[]): string {
  const peer = headers.get(PEER_HEADER) ?? "";
  if (!isTrustedPeer(peer, trustedProxies)) return peer;
  const hops = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map(withoutPort)
    .filter((hop) => hop.length > 0);
  for (let i = hops.length - 1; i >= 0; i--) {
    if (!isTrustedPeer(hops[i]!, trustedProxies)) return hops[i]!;
  }
  // Only trusted hops (or none): the farthest one is the client.
  return hops[0] ?? peer;
}

/** `[2001:db8::1]:443` -> `2001:db8::1`, `203.0.113.7:5000` -> `203.0.113.7` (some proxies add ports). */
function withoutPort(hop: string): string {
  const text = hop.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text);
  if (bracketed) return bracketed[1]!;
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(text);
  return v4 ? v4[1]! : text;
}

/**
 * The block whose failures count together: an IPv4 address itself (also when
 * written IPv4-mapped, `::ffff:a.b.c.d`), an IPv6 address's /64, which one
 * subscriber typically holds whole (one budget per IPv6 address would be an
 * unlimited budget). Anything that is not an IP address counts as itself.
 */
export function clientBlock(address: string): string {
  const parsed = parseIpAddress(address.trim());
  if (!parsed) return address.trim().toLowerCase().slice(0, 100);
  const unmapped = withoutV4Mapping(parsed);
  if (unmapped.kind() === "ipv4") return unmapped.toString();
  const prefix = unmapped.toByteArray().slice(0, 8);
  const groups = [0, 2, 4, 6].map((i) => ((prefix[i]! << 8) | prefix[i + 1]!).toString(16));
  return `${groups.join(":")}::/64`;
}
