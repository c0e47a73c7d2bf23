import { afterEach, describe, expect, it, vi } from "vitest";
import { exportStream } from "./export-stream";

/**
 * An export's body (#22): made a chunk at a time as the client takes it, cut
 * off when the client stops reading, and never a complete-looking file after
 * a failure.
 */

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** Lines as the export makes them, counting how many were asked for; `fail` throws after them. */
function lines(parts: string[], options: { fail?: Error } = {}) {
  const state = { pulled: 0, finished: false };
  async function* generate() {
    try {
      for (const part of parts) {
        state.pulled += 1;
        yield part;
      }
      if (options.fail) throw options.fail;
    } finally {
      state.finished = true;
    }
  }
  return { generator: generate(), state };
}

async function readAll(body: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(body).text();
}

describe("exportStream", () => {
  it("passes the lines on in order and ends once", async () => {
    const onEnd = vi.fn();
    const { generator, state } = lines(["a\n", "b\n", "c\n"]);
    const text = await readAll(
      exportStream(generator, { format: "ndjson", idleMs: 60_000, onEnd }),
    );
    expect(text).toBe("a\nb\nc\n");
    expect(state.finished).toBe(true);
    expect(onEnd).toHaveBeenCalledTimes(1);
  });

  it("ends an NDJSON export that fails midway with an error line, not silently", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const onEnd = vi.fn();
    const { generator } = lines(['{"eventID":"1"}\n'], {
      fail: new Error("Out of Memory Error: failed to pin block of size 256.0 KiB"),
    });
    const text = await readAll(
      exportStream(generator, { format: "ndjson", idleMs: 60_000, onEnd }),
    );
    const [first, last, ...rest] = text.trimEnd().split("\n");
    expect(first).toBe('{"eventID":"1"}');
    expect(rest).toEqual([]);
    const error = (JSON.parse(last!) as { error: string }).error;
    expect(error).toMatch(/^Exporting events failed: .* \(request [0-9a-f]{8}\)$/);
    // Words for people: not the store's own message.
    expect(error).not.toContain("pin block");
    expect(onEnd).toHaveBeenCalledTimes(1);
  });

  it("makes a CSV download that fails midway fail, after what was sent", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const onEnd = vi.fn();
    const { generator } = lines(["eventTime,eventID\r\n", "2026-11-04T00:00:00.000Z,1\r\n"], {
      fail: new Error("Binder Error: something internal"),
    });
    const reader = exportStream(generator, { format: "csv", idleMs: 60_000, onEnd }).getReader();
    const received: string[] = [];
    const failure = await (async () => {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return null;
          received.push(new TextDecoder().decode(value));
        }
      } catch (error) {
        return error as Error;
      }
    })();
    expect(received.join("")).toBe("eventTime,eventID\r\n2026-11-04T00:00:00.000Z,1\r\n");
    expect(failure?.message).toMatch(/^Exporting events failed: the event store could not answer/);
    expect(onEnd).toHaveBeenCalledTimes(1);
  });

  it("asks for the next chunk only once the client has taken the previous one, in pieces", async () => {
    const big = "x".repeat(100 * 1024);
    const { generator, state } = lines([big, big, big]);
    const reader = exportStream(generator, {
      format: "csv",
      idleMs: 60_000,
      onEnd: () => undefined,
    }).getReader();
    const first = await reader.read();
    // A piece of the first chunk: the client's progress is seen long before a chunk is taken.
    expect(first.value!.length).toBeLessThan(big.length);
    expect(state.pulled).toBe(1);
    let taken = first.value!.length;
    while (taken < big.length / 2) taken += (await reader.read()).value!.length;
    expect(state.pulled).toBe(1);
    while (taken < big.length) taken += (await reader.read()).value!.length;
    expect(taken).toBe(big.length);
    await reader.read();
    expect(state.pulled).toBe(2);
    await reader.cancel();
  });

  it("cuts off a client that takes nothing for idleMs, and lets the export go", async () => {
    vi.useFakeTimers();
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const onEnd = vi.fn();
    const { generator, state } = lines(["a\n", "b\n", "c\n"]);
    const reader = exportStream(generator, { format: "csv", idleMs: 60_000, onEnd }).getReader();
    await reader.read();
    await vi.advanceTimersByTimeAsync(59_000);
    expect(onEnd).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(onEnd).toHaveBeenCalledTimes(1);
    await expect(reader.read()).rejects.toThrow("the client stopped reading the export");
    expect(state.finished).toBe(true);
  });

  it("lets the export go when the client cancels the download", async () => {
    const onEnd = vi.fn();
    const { generator, state } = lines(["a\n", "b\n", "c\n"]);
    const reader = exportStream(generator, { format: "csv", idleMs: 60_000, onEnd }).getReader();
    await reader.read();
    await reader.cancel();
    await vi.waitFor(() => expect(state.finished).toBe(true));
    expect(onEnd).toHaveBeenCalledTimes(1);
  });
});
