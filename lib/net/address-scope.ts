/**
 * Address blocks that are not on the internet: private networks, loopback,
 * link-local, shared (carrier-grade NAT), unique-local IPv6. A VPC's
 * addresses come and go all day; an address "new to the data" is judged
 * only outside these (lib/summary/risk.ts).
 */
export const NOT_PUBLIC_BLOCKS: readonly string[] = [
  "10.0.0.0/8",
  "172.16.0.0/12",
  "192.168.0.0/16",
  "127.0.0.0/8",
  "169.254.0.0/16",
  "100.64.0.0/10",
  "0.0.0.0/8",
  "::1/128",
  "fc00::/7",
  "fe80::/10",
];
