import { LIST_FIELDS } from "@/lib/cloudtrail/fields";
import { type ParamIssue, parseEventQuery } from "@/lib/query/view-params";
import { paramLabel } from "./param-labels";

/**
 * A view's parameters checked in the browser with the server's own parser
 * (lib/query/view-params.ts), so a bad value is flagged at its field, in the
 * page's words, before anything is asked and without losing what is shown.
 */

const DAY_MS = 86_400_000;

/** What the server would refuse in these `/api/events` parameters; empty when nothing. */
export function viewIssues(apiParams: URLSearchParams, now = Date.now()): ParamIssue[] {
  // The server's default range only fills a missing end; any day-long range checks the rest.
  const range = { from: new Date(now - DAY_MS).toISOString(), to: new Date(now).toISOString() };
  const parsed = parseEventQuery(apiParams, range);
  return parsed.ok ? [] : parsed.issues;
}

/** An issue as the page says it: parameters by their labels. */
export function issueText(issue: ParamIssue): string {
  return issue.say(paramLabel);
}

/** Each flagged parameter's message (`-eventName` and `eventName` both flag the Event name field). */
export function invalidByParam(issues: readonly ParamIssue[]): Record<string, string> {
  const invalid: Record<string, string> = {};
  for (const issue of issues) {
    if (issue.param === null) continue;
    const text = issueText(issue);
    for (const key of new Set([issue.param, issue.param.replace(/^-/, "")])) {
      invalid[key] = invalid[key] ? `${invalid[key]}; ${text}` : text;
    }
  }
  return invalid;
}

const isListParam = (param: string) =>
  (LIST_FIELDS as readonly string[]).includes(param.replace(/^-/, ""));

/**
 * The parameters without what was refused: a list's refused values (the
 * others stay), any other refused parameter whole; a refused range end takes
 * both ends (the default range).
 */
export function withoutRefused(
  apiParams: URLSearchParams,
  issues: readonly ParamIssue[],
): URLSearchParams {
  const next = new URLSearchParams(apiParams);
  for (const param of new Set(issues.map((i) => i.param))) {
    if (param === null) continue;
    if (param === "from" || param === "to") {
      next.delete("from");
      next.delete("to");
    } else if (isListParam(param)) {
      const kept = next
        .getAll(param)
        .filter((v) => viewIssues(new URLSearchParams([[param, v]])).length === 0);
      next.delete(param);
      for (const v of kept) next.append(param, v);
    } else {
      next.delete(param);
    }
  }
  return next;
}
