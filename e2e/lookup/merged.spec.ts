import { expect, test, type APIRequestContext } from "@playwright/test";
import type { EventListRow } from "../../lib/cloudtrail/event-schema";
import { eventsResponseSchema } from "../../lib/query/events-response";
import { EventsPage, ROW_CLICK } from "../events-page";
import { LOOKUP_ACCOUNT, LOOKUP_RANGE, LOOKUP_REGION } from "./lookup-fixture";

/**
 * One table from two sources: the sample trail (files) and LookupEvents (a
 * local endpoint serving the sample's events of one account and Region).
 */

const MERGED = `http://127.0.0.1:${process.env.E2E_LOOKUP_PORT ?? 3109}`;
const SAMPLE_ONLY = `http://127.0.0.1:${process.env.E2E_PORT ?? 3107}`;
const RANGE_QUERY = `from=${LOOKUP_RANGE.from}&to=${LOOKUP_RANGE.to}`;

async function allEvents(request: APIRequestContext, base: string): Promise<EventListRow[]> {
  const events: EventListRow[] = [];
  let cursor: string | null = null;
  do {
    const url: string = `${base}/api/events?${RANGE_QUERY}&wait=1&limit=500${cursor ? `&cursor=${cursor}` : ""}`;
    const page = eventsResponseSchema.parse(await (await request.get(url)).json());
    expect(page.complete).toBe(true);
    expect(page.problems).toEqual([]);
    events.push(...page.events);
    cursor = page.nextCursor;
  } while (cursor);
  return events;
}

test.use({ baseURL: MERGED });

test.describe("trail files and LookupEvents in one table", () => {
  test("every event once; Event history events carry both origins", async ({ page, request }) => {
    const merged = await allEvents(request, MERGED);
    const trailOnly = await allEvents(request, SAMPLE_ONLY);
    // Same events as the trail alone: LookupEvents added origins, not rows.
    expect(merged.map((e) => e.id).sort()).toEqual(trailOnly.map((e) => e.id).sort());

    const kinds = (e: EventListRow) => e.originKinds;
    const inLookupScope = (e: EventListRow) =>
      e.account === LOOKUP_ACCOUNT && e.region === LOOKUP_REGION;
    const management = merged.filter((e) => inLookupScope(e) && e.category === "Management");
    const insights = merged.filter((e) => inLookupScope(e) && e.category === "Insight");
    expect(management.length).toBeGreaterThan(50);
    expect(insights.length).toBeGreaterThan(0);
    for (const e of [...management, ...insights])
      expect(kinds(e), e.id).toEqual(["local", "lookup"]);
    // Data events and other accounts come from the trail only.
    for (const e of merged.filter((e) => e.category === "Data" || !inLookupScope(e))) {
      expect(kinds(e), e.id).toEqual(["local"]);
    }

    // In the table: origin badges, and the Insights event's window named in its detail.
    const events = new EventsPage(page);
    await events.open(`${RANGE_QUERY}&category=Insight`);
    await events.waitLoaded();
    const insightRow = page.locator(
      `[data-testid="event-row"][data-event-id="${insights[0]!.id}"]`,
    );
    await expect(
      insightRow.locator('[data-testid="origin-badge"][data-origin="lookup"]'),
    ).toHaveText("Event history");
    await expect(
      insightRow.locator('[data-testid="origin-badge"][data-origin="local"]'),
    ).toHaveText("Local file");
    await insightRow.click({ position: ROW_CLICK });
    await expect(page.getByTestId("fact-read-from")).toContainText(
      "Event history: insight/2026-11-04",
    );
  });
});
