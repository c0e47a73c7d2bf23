import { expect, type APIRequestContext } from "@playwright/test";
import type { EventListRow } from "../../lib/cloudtrail/event-schema";
import { eventsResponseSchema } from "../../lib/query/events-response";

/** The sample's incident: ci-deploy's key creating an admin user from 185.220.101.47. */
export async function incidentCreateUser(
  request: APIRequestContext,
  base = "",
): Promise<EventListRow> {
  const response = await request.get(
    `${base}/api/events?sourceIp=185.220.101.47&eventName=CreateUser&limit=1&wait=1`,
  );
  expect(response.ok()).toBe(true);
  const [event] = eventsResponseSchema.parse(await response.json()).events;
  expect(event).toBeDefined();
  return event!;
}
