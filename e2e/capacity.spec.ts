import { expect, test } from "@playwright/test";
import { errorResponseSchema, eventsResponseSchema } from "../lib/query/events-response";

/**
 * What exports may cost everyone else (#22), over HTTP on the sample server
 * (access control off: every client is the one local user, allowed two
 * exports at once). Each export is whole or refused with a message; exports
 * whose clients stopped reading hold up no one, and give their slot back when
 * the client goes.
 */

const BASE = `http://127.0.0.1:${process.env.E2E_PORT ?? 3107}`;

/** An export whose client reads its first bytes, then stops reading. */
async function stalledExport(format: "csv" | "ndjson") {
  const abort = new AbortController();
  const response = await fetch(`${BASE}/api/export?format=${format}`, { signal: abort.signal });
  expect(response.status).toBe(200);
  const reader = response.body!.getReader();
  await reader.read();
  return { stop: () => abort.abort() };
}

/** Waits until an export is admitted again (slots come back once a client is gone). */
async function expectExportAdmitted() {
  await expect
    .poll(async () => {
      const response = await fetch(`${BASE}/api/export?format=csv&eventName=CreateUser`);
      await response.text();
      return response.status;
    })
    .toBe(200);
}

test.describe("capacity", () => {
  test("twelve exports at once: each is whole, or refused with 429 and a message", async ({
    request,
  }) => {
    const events = eventsResponseSchema.parse(
      await (await request.get("/api/events?wait=1&limit=1")).json(),
    );
    const answers = await Promise.all(
      Array.from({ length: 12 }, async () => {
        const response = await fetch(`${BASE}/api/export?format=ndjson`);
        return { response, text: await response.text() };
      }),
    );
    const whole = answers.filter((a) => a.response.status === 200);
    const refused = answers.filter((a) => a.response.status === 429);
    expect(whole.length).toBe(2);
    expect(refused.length).toBe(10);
    for (const { text } of whole) {
      const lines = text.trimEnd().split("\n");
      expect(lines).toHaveLength(events.total!);
      expect((JSON.parse(lines.at(-1)!) as { error?: string }).error).toBeUndefined();
    }
    for (const { response, text } of refused) {
      expect(response.headers.get("retry-after")).toBe("5");
      expect(errorResponseSchema.parse(JSON.parse(text)).error).toMatch(
        /already running 2 exports.*wait for one to finish/,
      );
    }
    await expectExportAdmitted();
  });

  test("exports whose clients stopped reading hold up no page, and give their slots back", async ({
    request,
  }) => {
    const stalled = [await stalledExport("csv"), await stalledExport("ndjson")];
    try {
      const page = await request.get("/api/events?limit=100&q=185.220.101.47");
      expect(page.status()).toBe(200);
      const found = eventsResponseSchema.parse(await page.json());
      expect(found.events.length).toBeGreaterThan(0);
      const permalink = await request.get(
        `/api/events/${encodeURIComponent(found.events[0]!.id)}?time=${found.events[0]!.time}`,
      );
      expect(permalink.status()).toBe(200);
      expect((await request.get("/api/facets?field=eventName")).status()).toBe(200);
      expect((await request.get("/api/summary")).status()).toBe(200);
      expect((await request.get("/api/export?format=csv")).status()).toBe(429);
    } finally {
      for (const s of stalled) s.stop();
    }
    await expectExportAdmitted();
  });
});
