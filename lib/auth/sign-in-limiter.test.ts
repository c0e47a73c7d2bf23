import { describe, expect, it } from "vitest";
import { clientAddress, clientBlock } from "./client-address";
import { parseIpMatch } from "../net/ip-match";
import { PEER_HEADER } from "./request-auth";
import { SignInLimiter, type LimiterOptions } from "./sign-in-limiter";

const LIMITS: LimiterOptions = {
  windowMs: 1_000,
  perUserAndClient: 5,
  perClient: 20,
  perUser: 50,
  maxKeys: 100,
};
const alice = (client: string) => ({ user: "alice", client, known: true });

describe("sign-in budgets", () => {
  it("refuses after 5 failures per user and client, for the rest of the window", () => {
    const limiter = new SignInLimiter(LIMITS);
    for (let i = 0; i < 5; i++) limiter.fail(alice("1.2.3.4"), i);
    expect(limiter.retryAfter(alice("1.2.3.4"), 10)).toBe(990);
    expect(limiter.retryAfter({ ...alice("1.2.3.4"), user: " ALICE " }, 10)).toBe(990);
    expect(limiter.retryAfter(alice("5.6.7.8"), 10)).toBe(0);
    expect(limiter.retryAfter(alice("1.2.3.4"), 1_001)).toBe(0);
  });

  it("refuses a client after 20 failures over any names, and no other client", () => {
    const limiter = new SignInLimiter(LIMITS);
    for (let i = 0; i < 20; i++)
      limiter.fail({ user: `u${i}`, client: "1.2.3.4", known: false }, i);
    expect(limiter.retryAfter(alice("1.2.3.4"), 20)).toBeGreaterThan(0);
    expect(limiter.retryAfter(alice("1.2.3.5"), 20)).toBe(0);
  });

  it("bounds a guess spread over many clients, but not for a client the user signed in from", () => {
    const limiter = new SignInLimiter(LIMITS);
    limiter.succeed(alice("192.0.2.1"), 0);
    for (let i = 0; i < 50; i++) limiter.fail(alice(`198.51.100.${i}`), 1);
    expect(limiter.retryAfter(alice("203.0.113.9"), 2)).toBe(999);
    expect(limiter.retryAfter(alice("192.0.2.1"), 2)).toBe(0);
    // Another user is untouched.
    expect(limiter.retryAfter({ user: "bob", client: "203.0.113.9", known: true }, 2)).toBe(0);
  });

  it("counts unknown names alike, and a flood of them never forgets a user's failures", () => {
    const limiter = new SignInLimiter(LIMITS);
    for (let i = 0; i < 50; i++) {
      limiter.fail({ user: "mallory", client: `198.51.100.${i}`, known: false }, 1);
    }
    expect(
      limiter.retryAfter({ user: "mallory", client: "203.0.113.9", known: false }, 2),
    ).toBeGreaterThan(0);

    for (let i = 0; i < 50; i++) limiter.fail(alice(`198.51.100.${i}`), 1);
    for (let i = 0; i < 500; i++) {
      limiter.fail({ user: `x${i}`, client: `10.0.${i >> 8}.${i & 255}`, known: false }, 1);
    }
    expect(limiter.retryAfter(alice("203.0.113.9"), 2)).toBeGreaterThan(0);
  });
});

describe("the client of a sign-in", () => {
  const trusted = ["127.0.0.1", "10.0.0.0/8"].map((t) => parseIpMatch(t)!);
  const from = (peer: string, forwardedFor?: string) =>
    new Headers({
      [PEER_HEADER]: peer,
      ...(forwardedFor === undefined ? {} : { "x-forwarded-for": forwardedFor }),
    });

  it.each([
    // From a trusted proxy: the rightmost hop that is not a trusted proxy.
    ["127.0.0.1", "198.51.100.7", "198.51.100.7"],
    ["127.0.0.1", "6.6.6.6, 198.51.100.7", "198.51.100.7"],
    ["127.0.0.1", "6.6.6.6, 198.51.100.7, 10.1.1.1", "198.51.100.7"],
    ["127.0.0.1", "198.51.100.7:5123", "198.51.100.7"],
    ["127.0.0.1", "[2001:db8::1]:443", "2001:db8::1"],
    ["127.0.0.1", "10.1.1.1, 10.2.2.2", "10.1.1.1"],
    ["127.0.0.1", undefined, "127.0.0.1"],
    ["127.0.0.1", "", "127.0.0.1"],
    // From anyone else, the header is what the client chose to say: ignored.
    ["203.0.113.50", "198.51.100.7", "203.0.113.50"],
  ])("peer %s, X-Forwarded-For %j -> %s", (peer, forwardedFor, expected) => {
    expect(clientAddress(from(peer, forwardedFor), trusted)).toBe(expected);
  });

  it.each([
    ["198.51.100.7", "198.51.100.7"],
    ["::ffff:198.51.100.7", "198.51.100.7"],
    ["2001:db8:1:2::10", "2001:db8:1:2::/64"],
    ["2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"],
    ["2001:db8:1:3::10", "2001:db8:1:3::/64"],
    ["unknown", "unknown"],
  ])("%s counts as %s", (address, block) => {
    expect(clientBlock(address)).toBe(block);
  });
});
