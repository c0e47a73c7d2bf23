import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { authConfigReader, type UserEntry } from "./auth-config";
import { hashPassword } from "./password";
import { authenticate } from "./request-auth";
import {
  newSessionId,
  SESSION_COOKIE,
  signSession,
  userGeneration,
  verifySession,
} from "./session";
import { SessionRevocations, REVOCATIONS_FILE } from "./session-revocations";

const SECRET = "a-test-secret-that-is-long-enough-0123456789";
const HASH = hashPassword("pw");

describe("session cookies", () => {
  const payload = { user: "alice", sid: "sid-0123456789abcdef", expires: 2_000, generation: "g" };

  it("verifies what it signed, until it expires", () => {
    const token = signSession(payload, SECRET);
    expect(verifySession(token, SECRET, 1_000)).toEqual(payload);
    expect(verifySession(token, SECRET, 2_000)).toBeNull();
  });

  it("rejects a changed payload, a changed signature, another secret and garbage", () => {
    const token = signSession(payload, SECRET);
    const [data, signature] = token.split(".") as [string, string];
    const forged = Buffer.from(JSON.stringify({ ...payload, user: "sam" })).toString("base64url");
    expect(verifySession(`${forged}.${signature}`, SECRET, 1_000)).toBeNull();
    expect(verifySession(`${data}.${signature.slice(0, -2)}AA`, SECRET, 1_000)).toBeNull();
    expect(verifySession(token, `${SECRET}x`, 1_000)).toBeNull();
    for (const bad of ["", ".", "abc", `${data}.`, `.${signature}`, null]) {
      expect(verifySession(bad, SECRET, 1_000)).toBeNull();
    }
  });

  it("rejects a cookie without a session id (signed before sessions could be revoked)", () => {
    const old = { user: "alice", role: "analyst", expires: 2_000, fingerprint: "fp" };
    const token = signSession(old as unknown as typeof payload, SECRET);
    expect(verifySession(token, SECRET, 1_000)).toBeNull();
  });

  it("a user's generation changes with the password, the role, or the name; not with the case", () => {
    const alice: UserEntry = { name: "alice", role: "analyst", passwordHash: HASH };
    const generation = userGeneration(alice, SECRET);
    expect(userGeneration({ ...alice, name: "Alice" }, SECRET)).toBe(generation);
    for (const changed of [
      { ...alice, role: "support" as const },
      { ...alice, passwordHash: hashPassword("pw") },
      { ...alice, name: "alice2" },
    ]) {
      expect(userGeneration(changed, SECRET)).not.toBe(generation);
    }
    // Keyed: the cookie tells nothing about the hash without the secret.
    expect(userGeneration(alice, `${SECRET}x`)).not.toBe(generation);
  });
});

/** A password-mode configuration over a users file the test can edit, as the server reads it. */
function serverWithUsersFile() {
  const dir = mkdtempSync(path.join(tmpdir(), "trailglass-session-"));
  const file = path.join(dir, "users.json");
  const writeUsers = (users: UserEntry[]) => writeFileSync(file, JSON.stringify({ users }));
  writeUsers([
    { name: "alice", role: "analyst", passwordHash: HASH },
    { name: "sam", role: "support", passwordHash: HASH },
  ]);
  const config = authConfigReader({
    TRAILGLASS_AUTH: "password",
    TRAILGLASS_USERS_FILE: file,
    TRAILGLASS_SESSION_SECRET: SECRET,
    TRAILGLASS_DATA: dir,
  });
  /** A cookie as sign-in makes it, for the entry as the file has it now. */
  const cookieFor = (name: string, sid = newSessionId()) => {
    const entry = config().users.get(name)!;
    const token = signSession(
      {
        user: entry.name,
        sid,
        expires: Date.now() + 60_000,
        generation: userGeneration(entry, SECRET),
      },
      SECRET,
    );
    return new Headers({ cookie: `a=b; ${SESSION_COOKIE}=${token}` });
  };
  return { dir, writeUsers, config, cookieFor };
}

describe("sessions that end", () => {
  it("the role comes from the users file", () => {
    const { config, cookieFor } = serverWithUsersFile();
    expect(authenticate(cookieFor("alice"), config())).toEqual({
      kind: "signed-in",
      identity: { user: "alice", role: "analyst" },
    });
  });

  it("a changed password, a changed role or a removed user ends that user's sessions", () => {
    const { config, cookieFor, writeUsers } = serverWithUsersFile();
    const alice = cookieFor("alice");
    const sam = cookieFor("sam");

    writeUsers([
      { name: "alice", role: "manager", passwordHash: HASH },
      { name: "sam", role: "support", passwordHash: HASH },
    ]);
    expect(authenticate(alice, config()).kind).toBe("signed-out");
    expect(authenticate(sam, config()).kind).toBe("signed-in");
    const aliceAsManager = cookieFor("alice");
    expect(authenticate(aliceAsManager, config())).toMatchObject({
      identity: { role: "manager" },
    });

    writeUsers([
      { name: "alice", role: "manager", passwordHash: hashPassword("new") },
      { name: "sam", role: "support", passwordHash: HASH },
    ]);
    expect(authenticate(aliceAsManager, config()).kind).toBe("signed-out");

    writeUsers([{ name: "alice", role: "manager", passwordHash: HASH }]);
    expect(authenticate(sam, config()).kind).toBe("signed-out");
  });

  it("a users file that no longer parses fails closed until it is fixed", () => {
    const { config, writeUsers, dir } = serverWithUsersFile();
    writeFileSync(path.join(dir, "users.json"), "{ not json");
    expect(() => config()).toThrow(/TRAILGLASS_USERS_FILE/);
    writeUsers([{ name: "alice", role: "analyst", passwordHash: HASH }]);
    expect(config().users.has("alice")).toBe(true);
  });

  it("signing out revokes that session only, and the revocation outlives a restart", () => {
    const { config, cookieFor, dir } = serverWithUsersFile();
    const file = path.join(dir, REVOCATIONS_FILE);
    const signedOut = cookieFor("alice", "signed-out-session-0001");
    const other = cookieFor("alice", "other-device-session-01");
    const now = Date.now();

    new SessionRevocations(file, now).revoke("signed-out-session-0001", now + 60_000, now);
    // A new process reads the file.
    const restarted = new SessionRevocations(file, now);
    expect(authenticate(signedOut, config(), restarted, now).kind).toBe("signed-out");
    expect(authenticate(other, config(), restarted, now).kind).toBe("signed-in");
  });

  it("forgets revocations once the cookie would have expired anyway", () => {
    const { dir } = serverWithUsersFile();
    const file = path.join(dir, REVOCATIONS_FILE);
    const revocations = new SessionRevocations(file, 0);
    revocations.revoke("short-lived-session-01", 1_000, 0);
    revocations.revoke("long-lived-session-001", 5_000, 0);
    revocations.revoke("bad sid", 5_000, 0);
    expect(revocations.isRevoked("short-lived-session-01", 999)).toBe(true);
    expect(revocations.isRevoked("short-lived-session-01", 1_000)).toBe(false);

    const later = new SessionRevocations(file, 2_000);
    expect(later.isRevoked("long-lived-session-001", 2_000)).toBe(true);
    expect(readFileSync(file, "utf8")).toBe("long-lived-session-001 5000\n");
  });
});
