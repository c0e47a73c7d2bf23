import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { BackgroundGate, type BackgroundGateOptions } from "./background-gate";
import { QueueFullError } from "./fair-limiter";

/** A task that runs until `release` is called, and says whether it started and ended. */
function held() {
  let release!: () => void;
  const done = new Promise<void>((resolve) => (release = resolve));
  const state = { started: false, ended: false };
  return {
    state,
    release,
    task: async () => {
      state.started = true;
      await done;
      state.ended = true;
    },
  };
}

const OPTIONS: BackgroundGateOptions = {
  idleMs: 25,
  cooldownFactor: 3,
  maxWaitMs: 10_000,
  maxWaiting: 10,
};

/** Lets the clock (faked) move on by `ms`, running what falls due. */
const advance = (ms: number) => vi.advanceTimersByTimeAsync(ms);

describe("BackgroundGate", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setImmediate", "performance"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("starts background work only once no foreground work has run or waited for idleMs", async () => {
    const gate = new BackgroundGate(OPTIONS);
    const page = held();
    const running = gate.foregroundRun(page.task);
    const chunk = held();
    const background = gate.backgroundRun(chunk.task);
    await advance(1_000);
    expect(chunk.state.started).toBe(false);
    expect(gate.waiting).toBe(1);
    page.release();
    await running;
    await advance(20);
    expect(chunk.state.started).toBe(false);
    await advance(5);
    expect(chunk.state.started).toBe(true);
    // Foreground work never waits for background work.
    expect(await gate.foregroundRun(async () => "page")).toBe("page");
    chunk.release();
    await background;
  });

  it("runs background work one task at a time, in the order it came", async () => {
    const gate = new BackgroundGate(OPTIONS);
    const order: number[] = [];
    const first = held();
    const runs = [
      gate.backgroundRun(async () => {
        order.push(1);
        await first.task();
      }),
      gate.backgroundRun(async () => order.push(2)),
      gate.backgroundRun(async () => order.push(3)),
    ];
    await advance(100);
    expect(order).toEqual([1]);
    first.release();
    await advance(0);
    await Promise.all(runs);
    expect(order).toEqual([1, 2, 3]);
  });

  it("pauses three times as long as a task that ran beside foreground work", async () => {
    const gate = new BackgroundGate(OPTIONS);
    const scan = held();
    const first = gate.backgroundRun(scan.task);
    await advance(0);
    expect(scan.state.started).toBe(true);
    // A page comes while the scan runs; the scan takes 2 s in all.
    await advance(1_000);
    await gate.foregroundRun(async () => "page");
    await advance(1_000);
    scan.release();
    await first;
    const next = held();
    const second = gate.backgroundRun(next.task);
    await advance(5_990);
    expect(next.state.started).toBe(false);
    await advance(10);
    expect(next.state.started).toBe(true);
    next.release();
    await second;
    // Alone (nothing else came while it ran), a task is followed by no pause.
    const third = held();
    const after = gate.backgroundRun(third.task);
    await advance(0);
    expect(third.state.started).toBe(true);
    third.release();
    await after;
  });

  it("starts background work that waited maxWaitMs even while foreground work runs", async () => {
    const gate = new BackgroundGate(OPTIONS);
    const page = held();
    const running = gate.foregroundRun(page.task);
    const chunk = held();
    const background = gate.backgroundRun(chunk.task);
    await advance(9_999);
    expect(chunk.state.started).toBe(false);
    await advance(1);
    expect(chunk.state.started).toBe(true);
    expect(page.state.ended).toBe(false);
    chunk.release();
    page.release();
    await Promise.all([running, background]);
  });

  it("refuses background work beyond its queue", async () => {
    const gate = new BackgroundGate({ ...OPTIONS, maxWaiting: 1 });
    const page = held();
    const running = gate.foregroundRun(page.task);
    const waiting = gate.backgroundRun(async () => "chunk");
    await expect(gate.backgroundRun(async () => "more")).rejects.toBeInstanceOf(QueueFullError);
    page.release();
    await running;
    await advance(25);
    expect(await waiting).toBe("chunk");
  });
});
