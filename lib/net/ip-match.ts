import ipaddr from "ipaddr.js";

/**
 * IP addresses as 128-bit numbers, so "exact IP or CIDR" is one range test in
 * SQL. IPv4 maps into IPv6 as ::ffff:a.b.c.d, so 10.0.0.0/8 and
 * ::ffff:10.0.0.0/104 are the same range. sourceIPAddress is not always an IP
 * (`AWS Internal`, `s3.amazonaws.com`): those have no number.
 */

export interface IpRange {
  from: bigint;
  to: bigint;
}

const V4_MAPPED = 0xffffn << 32n;

function toBigInt(address: ipaddr.IPv4 | ipaddr.IPv6): bigint {
  let n = 0n;
  for (const byte of address.toByteArray()) n = (n << 8n) | BigInt(byte);
  return address.kind() === "ipv4" ? V4_MAPPED | n : n;
}

/** Dotted-quad IPv4 or IPv6 only: not the old shorthand forms (`10.1`, `0x0a000001`). */
export function parseIpAddress(text: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  if (text.includes(":")) return ipaddr.IPv6.isValid(text) ? ipaddr.IPv6.parse(text) : null;
  return ipaddr.IPv4.isValidFourPartDecimal(text) ? ipaddr.IPv4.parse(text) : null;
}

/** `::ffff:a.b.c.d` as the IPv4 address it is (a dual-stack socket's peers look like that). */
export function withoutV4Mapping(address: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | ipaddr.IPv6 {
  return address.kind() === "ipv6" && (address as ipaddr.IPv6).isIPv4MappedAddress()
    ? (address as ipaddr.IPv6).toIPv4Address()
    : address;
}

/** The address as a number, or null when the text is not an IP address. */
export function ipNumber(text: string | null): bigint | null {
  const address = text ? parseIpAddress(text) : null;
  return address ? toBigInt(address) : null;
}

const DOTTED_QUAD = /^(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})$/;
/** ::ffff:0.0.0.0 as a number: IPv4-mapped addresses stay below 2^53, exact as doubles. */
const V4_MAPPED_BASE = 0xffff * 2 ** 32;

/**
 * ipNumber in decimal digits, as the store loads it. Most addresses are IPv4:
 * they take a path without BigInt or parsing objects (it ran for every event).
 */
export function ipNumberText(text: string | null): string | null {
  if (text === null) return null;
  const quad = DOTTED_QUAD.exec(text);
  if (quad) {
    const [a, b, c, d] = [quad[1], quad[2], quad[3], quad[4]].map(Number) as [
      number,
      number,
      number,
      number,
    ];
    if (a > 255 || b > 255 || c > 255 || d > 255) return null;
    return String(V4_MAPPED_BASE + ((a * 256 + b) * 256 + c) * 256 + d);
  }
  // Without a colon only a dotted quad is an address (host names are common here).
  return text.includes(":") ? (ipNumber(text)?.toString() ?? null) : null;
}

/** `203.0.113.7`, `10.0.0.0/8`, `2001:db8::/32`: the addresses it covers, or null. */
export function parseIpMatch(text: string): IpRange | null {
  const value = text.trim();
  if (!value.includes("/")) {
    const n = ipNumber(value);
    return n === null ? null : { from: n, to: n };
  }
  const slash = value.indexOf("/");
  const address = parseIpAddress(value.slice(0, slash));
  const prefix = value.slice(slash + 1);
  if (!address || !/^\d{1,3}$/.test(prefix)) return null;
  const width = address.kind() === "ipv4" ? 32 : 128;
  const bits = Number(prefix);
  if (bits > width) return null;
  const hostBits = BigInt(width - bits);
  const base = toBigInt(address);
  const from = (base >> hostBits) << hostBits;
  return { from, to: from | ((1n << hostBits) - 1n) };
}
