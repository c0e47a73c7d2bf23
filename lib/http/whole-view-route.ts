import type { EventQuery } from "../query/event-query";
import { parseWholeViewQuery } from "../query/view-params";
import { getTrailglass, type Trailglass } from "../trailglass";
import { asRequestUser } from "./request-user";
import { jsonOk, serverError } from "./responses";
import { invalidParameters } from "./view-request";

/**
 * The GET handler of an endpoint that answers one whole view as JSON
 * (`/api/timeline`, `/api/highlights`, `/api/integrity`): the filter of
 * `/api/events` without paging (`pagingRefusal` says why), every bad
 * parameter a 400, the work counted as the signed-in user's, a failure
 * answered in words (`failing` says what was being done).
 */
export function wholeViewRoute(options: {
  pagingRefusal: string;
  failing: string;
  answer: (app: Trailglass, query: EventQuery, request: Request) => Promise<unknown>;
}): (request: Request) => Promise<Response> {
  return async (request) => {
    try {
      const app = await getTrailglass();
      const parsed = parseWholeViewQuery(
        new URL(request.url).searchParams,
        app.defaultRange(),
        [],
        options.pagingRefusal,
      );
      if (!parsed.ok) return invalidParameters(parsed.errors);
      return jsonOk(await asRequestUser(request, () => options.answer(app, parsed.value, request)));
    } catch (error) {
      return serverError(options.failing, error);
    }
  };
}
