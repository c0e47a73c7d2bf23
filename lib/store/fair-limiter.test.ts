import { describe, expect, it } from "vitest";
import { FairLimiter, QueueFullError } from "./fair-limiter";

/** Shares of the store's connections between users (#22). */

/** Tasks that record when they start and hold their slot until released. */
function tasks(limiter: FairLimiter) {
  const started: string[] = [];
  const releases = new Map<string, () => void>();
  const run = (key: string | null, name: string) =>
    limiter.run(key, async () => {
      started.push(name);
      await new Promise<void>((resolve) => releases.set(name, resolve));
    });
  /** Lets the tasks started so far begin. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
  const release = async (name: string) => {
    await settle();
    releases.get(name)!();
    // The next task starts once the released one has finished.
    await settle();
  };
  return { started, run, release, settle };
}

describe("FairLimiter", () => {
  it("serves first come, first served", async () => {
    const { started, run, release } = tasks(new FairLimiter(1, 10, () => false));
    const all = [run("alice", "a1"), run("bob", "b1"), run("alice", "a2"), run(null, "n1")];
    for (const name of ["a1", "b1", "a2", "n1"]) await release(name);
    await Promise.all(all);
    expect(started).toEqual(["a1", "b1", "a2", "n1"]);
  });

  it("starts a heavy user's tasks behind everyone else's, one at a time", async () => {
    const heavy = new Set<string>();
    const limiter = new FairLimiter(2, 10, (key) => heavy.has(key));
    const { started, run, release, settle } = tasks(limiter);
    // Not heavy yet: both slots.
    const all = [run("prober", "p1"), run("prober", "p2")];
    heavy.add("prober");
    all.push(run("prober", "p3"), run("alice", "a1"), run("bob", "b1"));
    await release("p1");
    await release("p2");
    expect(started).toEqual(["p1", "p2", "a1", "b1"]);
    await release("a1");
    expect(started.at(-1)).toBe("p3");
    all.push(run("prober", "p4"));
    // A slot is free, but the heavy user has its one.
    await release("b1");
    await settle();
    expect(started).not.toContain("p4");
    await release("p3");
    expect(started.at(-1)).toBe("p4");
    await release("p4");
    await Promise.all(all);
  });

  it("refuses beyond maxWaiting when every slot is taken", async () => {
    const { started, run, release } = tasks(new FairLimiter(1, 1, () => false));
    const all = [run(null, "n1"), run(null, "n2")];
    await expect(run(null, "n3")).rejects.toBeInstanceOf(QueueFullError);
    for (const name of ["n1", "n2"]) await release(name);
    await Promise.all(all);
    expect(started).toEqual(["n1", "n2"]);
  });
});
