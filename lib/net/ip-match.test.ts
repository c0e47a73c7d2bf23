import { describe, expect, it } from "vitest";
import { ipNumber, ipNumberText, parseIpMatch } from "./ip-match";

describe("ip matching", () => {
  it("numbers IPv4 inside IPv6 and leaves non-addresses out", () => {
    expect(ipNumber("10.0.0.1")).toBe((0xffffn << 32n) | 0x0a000001n);
    expect(ipNumber("::ffff:10.0.0.1")).toBe(ipNumber("10.0.0.1"));
    expect(ipNumber("2001:db8::1")).toBe((0x20010db8n << 96n) | 1n);
    expect(ipNumber("AWS Internal")).toBeNull();
    expect(ipNumber("s3.amazonaws.com")).toBeNull();
    expect(ipNumber(null)).toBeNull();
  });

  it("writes the same numbers in decimal on its IPv4 fast path as ipNumber", () => {
    const inputs = [
      "0.0.0.0",
      "10.0.0.1",
      "255.255.255.255",
      "192.0.2.10",
      "256.1.1.1",
      "01.2.3.4",
      "1.2.3",
      "1.2.3.4.5",
      " 1.2.3.4",
      "::ffff:10.0.0.1",
      "2001:db8::1",
      "AWS Internal",
      "s3.amazonaws.com",
      "",
    ];
    for (const text of inputs) {
      expect(ipNumberText(text), text).toBe(ipNumber(text)?.toString() ?? null);
    }
    expect(ipNumberText(null)).toBeNull();
  });

  it("turns an address or a CIDR block into the range it covers", () => {
    const block = parseIpMatch("10.1.2.3/8")!;
    expect(block.from).toBe(ipNumber("10.0.0.0"));
    expect(block.to).toBe(ipNumber("10.255.255.255"));
    expect(parseIpMatch("203.0.113.7")).toEqual({
      from: ipNumber("203.0.113.7"),
      to: ipNumber("203.0.113.7"),
    });
    const v6 = parseIpMatch("2001:db8::/32")!;
    expect(v6.from).toBe(ipNumber("2001:db8::"));
    expect(v6.to).toBe(ipNumber("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff"));
    expect(parseIpMatch("0.0.0.0/0")!.to).toBe(ipNumber("255.255.255.255"));
  });

  it("rejects what is not an address or a block", () => {
    expect(parseIpMatch("10.0.0.0/33")).toBeNull();
    expect(parseIpMatch("10.0.0/8")).toBeNull();
    expect(parseIpMatch("example.com")).toBeNull();
    expect(parseIpMatch("1.2.3.4/")).toBeNull();
    expect(parseIpMatch("1.2.3.4/8/9")).toBeNull();
  });
});
