import { expect, test } from "@playwright/test";
import {
  errorResponseSchema,
  eventResponseSchema,
  eventsResponseSchema,
  facetsResponseSchema,
} from "../lib/query/events-response";

test.describe("HTTP API", () => {
  test("/api/events answers the documented shape, newest first, with cursors", async ({
    request,
  }) => {
    const first = eventsResponseSchema.parse(
      await (await request.get("/api/events?wait=1&limit=50")).json(),
    );
    expect(first.complete).toBe(true);
    expect(first.events).toHaveLength(50);
    const times = first.events.map((e) => e.time);
    expect([...times].sort().reverse()).toEqual(times);
    expect(first.nextCursor).not.toBeNull();

    const second = eventsResponseSchema.parse(
      await (await request.get(`/api/events?limit=50&cursor=${first.nextCursor}`)).json(),
    );
    // Counted once, on the first page.
    expect(first.total).toBeGreaterThan(100);
    expect(second.total).toBeNull();
    const firstIds = new Set(first.events.map((e) => e.id));
    expect(second.events.some((e) => firstIds.has(e.id))).toBe(false);
    expect(second.events[0]!.time <= first.events[49]!.time).toBe(true);
  });

  test("repeated parameters are OR within a field, fields AND", async ({ request }) => {
    const get = async (query: string) =>
      eventsResponseSchema.parse(await (await request.get(`/api/events?wait=1&${query}`)).json());
    const data = await get("category=Data&limit=1");
    const insight = await get("category=Insight&limit=1");
    const both = await get("category=Data&category=Insight&limit=1");
    expect(both.total).toBe(data.total! + insight.total!);
    const denied = await get("category=Management&errorCode=AccessDenied&limit=1000");
    expect(denied.total).toBeGreaterThan(0);
    for (const e of denied.events) {
      expect(e.category).toBe("Management");
      expect(e.errorCode).toBe("AccessDenied");
    }
  });

  test("/api/facets counts the view; exclusions and CIDR blocks are expressible in the URL", async ({
    request,
  }) => {
    const events = async (query: string) =>
      eventsResponseSchema.parse(await (await request.get(`/api/events?wait=1&${query}`)).json())
        .total!;
    const all = await events("limit=1");
    const facets = facetsResponseSchema.parse(
      await (await request.get("/api/facets?wait=1&field=category&field=region&top=50")).json(),
    );
    expect(facets.complete).toBe(true);
    const sum = (field: string) => facets.facets[field]!.values.reduce((n, v) => n + v.count, 0);
    expect(sum("category")).toBe(all);
    const [topRegion] = facets.facets.region!.values;
    // Everything minus one Region = the other Regions (events without a Region stay).
    const withoutTop = await events(`limit=1&-region=${topRegion!.value}`);
    expect(withoutTop).toBe(all - topRegion!.count);
    // A CIDR block and its complement split the events that have an IP.
    const inside = await events("limit=1&sourceIp=10.0.0.0%2F8");
    const outside = await events("limit=1&-sourceIp=10.0.0.0%2F8");
    expect(inside).toBeGreaterThan(0);
    expect(inside + outside).toBe(all);

    // (A facet's "show all" asks up to 1,000 values.)
    const bad = await request.get("/api/facets?field=colour&top=5000&sourceIp=10.0.0.0%2F99");
    expect(bad.status()).toBe(400);
    const body = errorResponseSchema.parse(await bad.json());
    expect(body.details).toHaveLength(3);
    expect(body.details).toContain('"top" must be an integer from 1 to 1000; got "5000"');
  });

  test("invalid parameters get a 400 naming them", async ({ request }) => {
    const response = await request.get("/api/events?category=Bogus&limit=5000");
    expect(response.status()).toBe(400);
    const body = errorResponseSchema.parse(await response.json());
    expect(body.error).toMatch(/"category"/);
    expect(body.error).toMatch(/"limit"/);
  });

  test("an address with a malformed %-escape gets a 400 with the security headers", async ({
    request,
  }) => {
    for (const path of ["/events/%E0%A4%A", "/api/events/%zz"]) {
      const response = await request.get(path);
      expect(response.status(), path).toBe(400);
      expect(response.headers()["content-security-policy"], path).toBeTruthy();
      expect(response.headers()["x-content-type-options"], path).toBe("nosniff");
      expect(await response.text(), path).toMatch(/malformed %-escape/);
    }
  });

  test("/api/events/<id> returns one event or a clear 404", async ({ request }) => {
    const list = eventsResponseSchema.parse(
      await (await request.get("/api/events?wait=1&limit=1&category=Insight")).json(),
    );
    const id = list.events[0]!.id;
    const one = eventResponseSchema.parse(await (await request.get(`/api/events/${id}`)).json());
    expect(one.event.id).toBe(id);
    expect(one.event.category).toBe("Insight");

    const missing = await request.get("/api/events/no-such-event");
    expect(missing.status()).toBe(404);
    expect(errorResponseSchema.parse(await missing.json()).error).toMatch(/no-such-event/);
  });
});
