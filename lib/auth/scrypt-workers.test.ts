import { scryptSync } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ScryptWorkers } from "./scrypt-workers";

const PARAMETERS = { N: 1024, r: 8, p: 1, maxmem: 32 * 1024 * 1024 };

/** The nice value of each thread of this process (Linux). */
function threadNiceValues(): number[] {
  return readdirSync("/proc/self/task").map((task) => {
    const stat = readFileSync(`/proc/self/task/${task}/stat`, "utf8");
    // Fields after the command's closing parenthesis; nice is field 19 of stat.
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]);
  });
}

describe("scrypt on low-priority worker threads", () => {
  it("derives the keys scryptSync derives, more at once than there are workers", async () => {
    const workers = new ScryptWorkers(2);
    const salts = Array.from({ length: 5 }, (_, n) => Buffer.from(`salt-${n}-salt`));
    const keys = await Promise.all(
      salts.map((salt, n) => workers.derive(`password ${n}`, salt, 32, PARAMETERS)),
    );
    keys.forEach((key, n) =>
      expect(key.equals(scryptSync(`password ${n}`, salts[n]!, 32, PARAMETERS))).toBe(true),
    );
    expect(workers.waiting).toBe(0);
  });

  it("runs on threads niced to 19, and no other thread is lowered", async () => {
    const before = threadNiceValues().filter((nice) => nice === 19).length;
    const workers = new ScryptWorkers(2);
    await Promise.all([
      workers.derive("a", Buffer.from("saltsalt"), 32, PARAMETERS),
      workers.derive("b", Buffer.from("saltsalt"), 32, PARAMETERS),
    ]);
    const nice = threadNiceValues();
    expect(nice.filter((n) => n === 19).length).toBe(before + 2);
    expect(nice.filter((n) => n !== 19 && n !== 0)).toEqual([]);
  });

  it("fails a check whose parameters scrypt refuses, and keeps working", async () => {
    const workers = new ScryptWorkers(1);
    await expect(
      workers.derive("a", Buffer.from("saltsalt"), 32, { ...PARAMETERS, N: 1000 }),
    ).rejects.toThrow(/password check failed: Invalid scrypt param/);
    const key = await workers.derive("a", Buffer.from("saltsalt"), 32, PARAMETERS);
    expect(key.equals(scryptSync("a", "saltsalt", 32, PARAMETERS))).toBe(true);
  });
});
