import { parseIpAddress, withoutV4Mapping, type IpRange } from "../net/ip-match";
import { isTrustedPeer, PEER_HEADER } from "./request-auth";

/**
 * The host names this server answers to (#22). A page on another name that
 * resolves to this server (DNS rebinding) is same-origin with it for the
 * browser: with access control off, that page could read the audit logs. So
 * the Host header must be the public URL's host (TRAILGLASS_PUBLIC_URL) or the
 * bind address: when bound to loopback, also the loopback names; when bound
 * to every interface (0.0.0.0, ::), any IP address, since a rebinding attack
 * needs a name and the machine's own addresses cannot all be known (NAT,
 * containers). Ports are not compared: a name is what rebinding changes.
 */

export interface HostAllowList {
  /** Host names and addresses, lower case, IPv6 without brackets. */
  names: ReadonlySet<string>;
  /** Bound to every interface: any IP address is this machine's business. */
  anyAddress: boolean;
}

const LOOPBACK_NAMES = ["localhost", "127.0.0.1", "::1"];

/** `Example.COM.` -> `example.com`, `[::1]` -> `::1`. */
function normalName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/\.$/, "");
}

export function isLoopbackHost(host: string): boolean {
  const name = normalName(host);
  if (name === "localhost") return true;
  const address = parseIpAddress(name);
  return address !== null && withoutV4Mapping(address).range() === "loopback";
}

export function hostAllowList(bindHost: string, publicUrl: URL | null): HostAllowList {
  const bind = normalName(bindHost);
  const names = new Set<string>();
  if (publicUrl) names.add(normalName(publicUrl.hostname));
  const anyAddress = bind === "" || bind === "0.0.0.0" || bind === "::";
  if (anyAddress || isLoopbackHost(bind)) for (const name of LOOPBACK_NAMES) names.add(name);
  if (!anyAddress) names.add(bind);
  return { names, anyAddress };
}

/** The host name of a Host (or X-Forwarded-Host) value: `[::1]:3000` -> `::1`; null when malformed. */
export function hostNameOf(value: string): string | null {
  const text = value.trim();
  const match = /^(\[[0-9a-f:.]+\]|[^\s:[\]/@]+)(?::\d{1,5})?$/i.exec(text);
  return match ? normalName(match[1]!) : null;
}

export function isAllowedHost(value: string | null, list: HostAllowList): boolean {
  const name = value === null ? null : hostNameOf(value);
  if (!name) return false;
  return list.names.has(name) || (list.anyAddress && parseIpAddress(name) !== null);
}

/**
 * The Host this request names that the server does not answer to, or null
 * when it may be answered: `Host`, and `X-Forwarded-Host` from a trusted
 * proxy (the name the browser used, when a proxy forwards it that way).
 */
export function misdirectedHost(
  headers: Headers,
  config: { hosts: HostAllowList; trustedProxies: IpRange[] },
): string | null {
  const host = headers.get("host");
  if (!isAllowedHost(host, config.hosts)) return host ?? "";
  if (!isTrustedPeer(headers.get(PEER_HEADER), config.trustedProxies)) return null;
  const forwarded = headers.get("x-forwarded-host")?.split(",")[0]?.trim();
  return forwarded && !isAllowedHost(forwarded, config.hosts) ? forwarded : null;
}
