import { findHighlights } from "@/lib/events-service";
import { wholeViewRoute } from "@/lib/http/whole-view-route";

export const dynamic = "force-dynamic";

/** `GET /api/highlights?<the filter parameters of /api/events>`: what stands out (docs/api.md). */
export const GET = wholeViewRoute({
  pagingRefusal: "does not apply: the highlights cover every matching event",
  failing: "Finding what stands out",
  answer: (app, query) => findHighlights(app, query),
});
