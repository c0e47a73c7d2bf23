import { findTimeline } from "@/lib/events-service";
import { wholeViewRoute } from "@/lib/http/whole-view-route";

export const dynamic = "force-dynamic";

/** `GET /api/timeline?<the filter parameters of /api/events>`: the view's histogram (docs/api.md). */
export const GET = wholeViewRoute({
  pagingRefusal: "does not apply: the timeline covers every matching event",
  failing: "Counting events over time",
  answer: (app, query) => findTimeline(app, query),
});
