import { findIntegrity } from "@/lib/events-service";
import { pathLabelsOf } from "@/lib/http/path-labels";
import { wholeViewRoute } from "@/lib/http/whole-view-route";

export const dynamic = "force-dynamic";

/** `GET /api/integrity?<the filter parameters of /api/events>`: see docs/api.md. */
export const GET = wholeViewRoute({
  pagingRefusal: "is not accepted: the integrity report covers the whole range",
  failing: "Checking integrity",
  answer: (app, query, request) => findIntegrity(app, query, pathLabelsOf(request, app)),
});
