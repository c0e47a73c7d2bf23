import { afterEach, describe, expect, it, vi } from "vitest";
import { StoreBusyError } from "../store/admission";
import { serverError } from "./responses";

/** What a failed request tells its caller (#22: nothing internal, a request id to find the rest). */

afterEach(() => vi.restoreAllMocks());

async function answer(error: unknown) {
  const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
  const response = serverError("Listing events", error);
  const body = (await response.json()) as { error: string };
  const id = /\(request ([0-9a-f]{8})\)$/.exec(body.error)?.[1];
  return { response, body, id, logged: log.mock.calls.map((c) => c.join(" ")).join("\n") };
}

describe("serverError", () => {
  it("keeps the store's own message in the log, and gives the caller words and a request id", async () => {
    const { response, body, id, logged } = await answer(
      new Error('Binder Error: Referenced column "search_x" not found in FROM clause!'),
    );
    expect(response.status).toBe(500);
    expect(body.error).toMatch(/^Listing events failed: the event store could not answer/);
    expect(body.error).not.toContain("Binder");
    expect(id).toBeDefined();
    expect(logged).toContain(`request ${id}`);
  });

  it("says a store short of memory is busy, 503 with Retry-After, without its settings", async () => {
    const { response, body } = await answer(
      new Error(
        "Out of Memory Error: failed to pin block of size 256.0 KiB (244.3 MiB/244.1 MiB used)\n* Increasing the memory limit (SET memory_limit='...GB')",
      ),
    );
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
    expect(body.error).toContain("try again in a moment");
    expect(body.error).not.toMatch(/memory_limit|MiB/);
  });

  it("says a store whose queue for this kind of work is full is busy, 503 with Retry-After", async () => {
    const warned = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const response = serverError("Counting facets", new StoreBusyError("summaries"));
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
    const body = (await response.json()) as { error: string };
    expect(body.error).toMatch(
      /^Counting facets failed: the server is busy with other summaries and counts; try again in a moment \(request [0-9a-f]{8}\)$/,
    );
    expect(warned).toHaveBeenCalledTimes(1);
  });

  it("keeps a failed file operation's path in the log", async () => {
    const failed = Object.assign(
      new Error("EACCES: permission denied, open '/srv/trailglass/packs/12.pack'"),
      { code: "EACCES", syscall: "open", path: "/srv/trailglass/packs/12.pack" },
    );
    const { response, body, logged } = await answer(failed);
    expect(response.status).toBe(500);
    expect(body.error).toContain("could not read or write a file");
    expect(body.error).not.toContain("/srv");
    expect(logged).toContain("/srv/trailglass/packs/12.pack");
  });

  it("passes on a message written for people", async () => {
    const { body } = await answer(
      new Error("the record of event abc could not be read from the store's copy of its file"),
    );
    expect(body.error).toMatch(
      /^Listing events failed: the record of event abc could not be read .* \(request [0-9a-f]{8}\)$/,
    );
  });
});
