import "server-only";
import type { TimeRange } from "./query/event-query";
import { getTrailglass } from "./trailglass";

/**
 * Where the data lies when it is a fixed set the server knows: the bundled
 * sample's span. Null for live sources (their data runs up to now): the
 * pages' recent-range presets count back from now then.
 */
export async function dataSpan(): Promise<TimeRange | null> {
  const { sample } = await getTrailglass();
  return sample ? { from: sample.span.from, to: sample.span.to } : null;
}
