import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseIpMatch } from "../net/ip-match";
import { AuthConfigError, parseAuthConfig, type AuthConfig } from "./auth-config";
import { hostAllowList } from "./host-allow-list";
import { safeNextPath } from "./next-path";
import { hashPassword, verifyPassword } from "./password";
import {
  authenticate,
  isSameOrigin,
  isTrustedPeer,
  PEER_HEADER,
  requestOrigin,
} from "./request-auth";
import { authorize, canExport, canSummarize, ruleFor, type Role } from "./roles";

const SECRET = "a-test-secret-that-is-long-enough-0123456789";

describe("password hashes", () => {
  it("verifies the right password only, off the event loop", async () => {
    const hash = hashPassword("correct horse");
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$[^$]+\$[^$]+$/);
    expect(await verifyPassword("correct horse", hash)).toBe(true);
    expect(await verifyPassword("correct horse ", hash)).toBe(false);
    expect(await verifyPassword("correct horse", "scrypt$1$1$1$x$y")).toBe(false);
    expect(await verifyPassword("correct horse", "plain-text")).toBe(false);
    // Derived off the event loop (#22): the loop turns while the check runs.
    let checked = false;
    const check = verifyPassword("correct horse", hash).then((ok) => (checked = ok));
    await new Promise((resolve) => setImmediate(resolve));
    expect(checked).toBe(false);
    expect(await check).toBe(true);
  });

  it("salts: the same password hashes differently", () => {
    expect(hashPassword("same")).not.toBe(hashPassword("same"));
  });
});

describe("trusted proxies", () => {
  const trusted = ["127.0.0.1", "10.0.0.0/8", "2001:db8::/32"].map((t) => parseIpMatch(t)!);
  it.each([
    ["127.0.0.1", true],
    ["::ffff:127.0.0.1", true],
    ["10.20.30.40", true],
    ["2001:db8::1", true],
    ["127.0.0.2", false],
    ["11.0.0.1", false],
    ["::1", false],
    ["", false],
    ["not-an-ip", false],
  ])("%s trusted: %s", (peer, expected) => {
    expect(isTrustedPeer(peer, trusted)).toBe(expected);
  });
});

describe("where to go after sign-in", () => {
  it.each([
    [
      "/events/abc?time=2026-11-04T02%3A31%3A07Z&region=us-east-1",
      "/events/abc?time=2026-11-04T02%3A31%3A07Z&region=us-east-1",
    ],
    ["/summary", "/summary"],
    ["/", "/"],
    ["//evil.example/x", "/"],
    // Normalised to //evil.example/x: checked again after normalising (#22).
    ["/.//evil.example/x", "/"],
    ["/a/..//evil.example/x", "/"],
    ["/./a", "/a"],
    ["/\\evil.example", "/"],
    ["https://evil.example/", "/"],
    ["javascript:alert(1)", "/"],
    ["evil.example", "/"],
    ["/%0d%0aSet-Cookie:x", "/%0d%0aSet-Cookie:x"],
    ["/\nfoo", "/"],
    ["", "/"],
    [undefined, "/"],
  ])("%s -> %s", (value, expected) => {
    expect(safeNextPath(value)).toBe(expected);
  });
});

describe("roles -> paths", () => {
  const cases: [string, Record<Role | "signed-out", "allow" | "sign-in" | "forbidden">][] = [
    ["/", { analyst: "allow", support: "allow", manager: "allow", "signed-out": "sign-in" }],
    [
      "/events/abc",
      { analyst: "allow", support: "allow", manager: "allow", "signed-out": "sign-in" },
    ],
    [
      "/summary",
      { analyst: "allow", support: "forbidden", manager: "allow", "signed-out": "sign-in" },
    ],
    [
      "/summary.txt",
      { analyst: "allow", support: "forbidden", manager: "allow", "signed-out": "sign-in" },
    ],
    [
      "/api/events",
      { analyst: "allow", support: "allow", manager: "allow", "signed-out": "sign-in" },
    ],
    [
      "/api/events/x/related",
      { analyst: "allow", support: "allow", manager: "allow", "signed-out": "sign-in" },
    ],
    [
      "/api/facets",
      { analyst: "allow", support: "allow", manager: "allow", "signed-out": "sign-in" },
    ],
    [
      "/api/export",
      { analyst: "allow", support: "forbidden", manager: "forbidden", "signed-out": "sign-in" },
    ],
    [
      "/api/summary",
      { analyst: "allow", support: "forbidden", manager: "allow", "signed-out": "sign-in" },
    ],
    [
      "/api/highlights",
      { analyst: "allow", support: "forbidden", manager: "allow", "signed-out": "sign-in" },
    ],
    [
      "/api/timeline",
      { analyst: "allow", support: "allow", manager: "allow", "signed-out": "sign-in" },
    ],
    [
      "/api/health",
      { analyst: "allow", support: "allow", manager: "allow", "signed-out": "allow" },
    ],
    [
      "/api/session",
      { analyst: "allow", support: "allow", manager: "allow", "signed-out": "allow" },
    ],
    ["/sign-in", { analyst: "allow", support: "allow", manager: "allow", "signed-out": "allow" }],
    [
      "/api/unknown",
      { analyst: "allow", support: "allow", manager: "allow", "signed-out": "sign-in" },
    ],
    [
      "/favicon.ico",
      { analyst: "allow", support: "allow", manager: "allow", "signed-out": "allow" },
    ],
    [
      "/robots.txt",
      { analyst: "allow", support: "allow", manager: "allow", "signed-out": "sign-in" },
    ],
  ];
  it.each(cases)("%s", (pathname, expected) => {
    const { rule } = ruleFor(pathname);
    for (const [who, decision] of Object.entries(expected)) {
      expect(authorize(rule, who === "signed-out" ? null : (who as Role)), `${who}`).toBe(decision);
    }
  });
  it("knows API paths from pages", () => {
    expect(ruleFor("/api/export").api).toBe(true);
    expect(ruleFor("/summary").api).toBe(false);
  });
  it("tells the pages what each role may do, as the table says", () => {
    const who: (Role | null)[] = ["analyst", "support", "manager", null];
    expect(who.map(canExport)).toEqual([true, false, false, false]);
    expect(who.map(canSummarize)).toEqual([true, false, true, false]);
  });
});

describe("authenticate without sessions", () => {
  const hash = hashPassword("pw");
  const base: AuthConfig = {
    mode: "password",
    users: new Map([
      ["alice", { name: "Alice", role: "analyst", passwordHash: hash }],
      ["sam", { name: "sam", role: "support" }],
    ]),
    header: "x-forwarded-email",
    trustedProxies: [parseIpMatch("10.0.0.0/8")!],
    defaultRole: null,
    sessionSecret: SECRET,
    sessionMs: 3_600_000,
    publicUrl: null,
    hosts: hostAllowList("127.0.0.1", null),
    dataDir: "/nonexistent",
  };
  it("proxy mode: the header only from a trusted peer; unknown users need a default role", () => {
    const proxy: AuthConfig = { ...base, mode: "proxy" };
    const from = (peer: string, user?: string) =>
      new Headers({ [PEER_HEADER]: peer, ...(user ? { "x-forwarded-email": user } : {}) });
    expect(authenticate(from("10.1.2.3", "sam"), proxy)).toEqual({
      kind: "signed-in",
      identity: { user: "sam", role: "support" },
    });
    expect(authenticate(from("192.168.1.1", "sam"), proxy).kind).toBe("refused");
    expect(authenticate(from("10.1.2.3"), proxy).kind).toBe("signed-out");
    expect(authenticate(from("10.1.2.3", "eve@example.com"), proxy).kind).toBe("refused");
    expect(
      authenticate(from("10.1.2.3", "eve@example.com"), { ...proxy, defaultRole: "support" }),
    ).toEqual({
      kind: "signed-in",
      identity: { user: "eve@example.com", role: "support" },
    });
  });

  it("none: everyone is an analyst (only ever on loopback)", () => {
    expect(authenticate(new Headers(), { ...base, mode: "none" })).toEqual({
      kind: "signed-in",
      identity: { user: "local", role: "analyst" },
    });
  });
});

describe("origins (CSRF)", () => {
  const config = { trustedProxies: [parseIpMatch("10.0.0.1")!] };
  it("uses x-forwarded-* only from a trusted proxy", () => {
    const url = new URL("http://internal:3000/api/session");
    const forwarded = {
      host: "internal:3000",
      "x-forwarded-proto": "https",
      "x-forwarded-host": "tg.example.com",
    };
    expect(
      requestOrigin(new Headers({ ...forwarded, [PEER_HEADER]: "10.0.0.1" }), url, config),
    ).toEqual({
      origin: "https://tg.example.com",
      https: true,
    });
    expect(
      requestOrigin(new Headers({ ...forwarded, [PEER_HEADER]: "10.0.0.2" }), url, config),
    ).toEqual({
      origin: "http://internal:3000",
      https: false,
    });
  });
  it("needs a matching Origin, or else Referer", () => {
    const site = "http://127.0.0.1:3000";
    expect(isSameOrigin(new Headers({ origin: site }), site)).toBe(true);
    expect(isSameOrigin(new Headers({ origin: "https://evil.example" }), site)).toBe(false);
    expect(isSameOrigin(new Headers({ referer: `${site}/sign-in?next=/` }), site)).toBe(true);
    expect(isSameOrigin(new Headers({ referer: "https://evil.example/" }), site)).toBe(false);
    expect(isSameOrigin(new Headers(), site)).toBe(false);
  });
});

describe("access control configuration", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "trailglass-auth-"));
  const file = path.join(dir, "users.json");
  writeFileSync(
    file,
    JSON.stringify({
      users: [{ name: "alice", role: "analyst", passwordHash: hashPassword("pw") }],
    }),
  );

  it("defaults to none", () => {
    expect(parseAuthConfig({}).mode).toBe("none");
  });
  it("password mode needs a users file and a long session secret", () => {
    expect(() => parseAuthConfig({ TRAILGLASS_AUTH: "password" })).toThrow(/TRAILGLASS_USERS_FILE/);
    expect(() =>
      parseAuthConfig({
        TRAILGLASS_AUTH: "password",
        TRAILGLASS_USERS_FILE: file,
        TRAILGLASS_SESSION_SECRET: "short",
      }),
    ).toThrow(/TRAILGLASS_SESSION_SECRET/);
    const config = parseAuthConfig({
      TRAILGLASS_AUTH: "password",
      TRAILGLASS_USERS_FILE: file,
      TRAILGLASS_SESSION_SECRET: SECRET,
    });
    expect(config.users.get("alice")?.role).toBe("analyst");
    expect(config.sessionMs).toBe(8 * 3_600_000);
  });
  it("takes a public URL as an origin only", () => {
    const config = parseAuthConfig({ TRAILGLASS_PUBLIC_URL: "https://tg.example.com" });
    expect(config.publicUrl?.hostname).toBe("tg.example.com");
    expect(config.hosts.names.has("tg.example.com")).toBe(true);
    for (const bad of ["tg.example.com", "ftp://tg.example.com", "https://tg.example.com/app"]) {
      expect(() => parseAuthConfig({ TRAILGLASS_PUBLIC_URL: bad }), bad).toThrow(
        /TRAILGLASS_PUBLIC_URL/,
      );
    }
  });
  it("proxy mode needs trusted proxies and a source of roles", () => {
    expect(() =>
      parseAuthConfig({ TRAILGLASS_AUTH: "proxy", TRAILGLASS_DEFAULT_ROLE: "support" }),
    ).toThrow(/TRAILGLASS_TRUSTED_PROXIES/);
    expect(() =>
      parseAuthConfig({ TRAILGLASS_AUTH: "proxy", TRAILGLASS_TRUSTED_PROXIES: "10.0.0.0/8" }),
    ).toThrow(/TRAILGLASS_DEFAULT_ROLE/);
    expect(() =>
      parseAuthConfig({ TRAILGLASS_AUTH: "proxy", TRAILGLASS_TRUSTED_PROXIES: "10.0.0.0/33" }),
    ).toThrow(AuthConfigError);
  });
  it("names bad users-file entries", () => {
    const bad = path.join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ users: [{ name: "x", role: "admin" }] }));
    expect(() => parseAuthConfig({ TRAILGLASS_USERS_FILE: bad })).toThrow(/users\.0\.role/);
  });
});
