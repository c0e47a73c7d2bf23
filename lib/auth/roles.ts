/**
 * Who may open what. One table, read by proxy.ts for every request: a path's
 * first segment (with any `.txt`/`.segments` suffix Next adds stripped) names
 * its rule. Paths not listed need a signed-in user of any role.
 */

export const ROLES = ["analyst", "support", "manager"] as const;
export type Role = (typeof ROLES)[number];

/** `public`: no sign-in; `signed-in`: any role; otherwise the roles allowed. */
export type Rule = "public" | "signed-in" | readonly Role[];

const ALL: readonly Role[] = ROLES;
/** The summary page and its API. */
const SUMMARY: readonly Role[] = ["analyst", "manager"];

const PAGE_RULES: Record<string, Rule> = {
  "": ALL, // the events table
  events: ALL, // permalinks
  summary: SUMMARY,
  "sign-in": "public",
  // The site's icon (app/favicon.ico), asked for by every page, the sign-in page too.
  favicon: "public",
};

const API_RULES: Record<string, Rule> = {
  events: ALL,
  facets: ALL,
  integrity: ALL,
  timeline: ALL,
  export: ["analyst"],
  // Cancelling an Athena search: whoever may open the view it serves.
  athena: ALL,
  summary: SUMMARY,
  // The summary's highlights, shown on the events page to those who may open the summary.
  highlights: SUMMARY,
  // Answers without sign-in, but only `{ ok }` to a signed-out caller.
  health: "public",
  // Sign-in, sign-out and "who am I": the handlers check what they need.
  session: "public",
};

export interface PathRule {
  api: boolean;
  rule: Rule;
}

function firstSegment(parts: string[], index: number): string {
  return (parts[index] ?? "").split(".")[0] ?? "";
}

export function ruleFor(pathname: string): PathRule {
  const parts = pathname.split("/");
  if (firstSegment(parts, 1) === "api") {
    return { api: true, rule: API_RULES[firstSegment(parts, 2)] ?? "signed-in" };
  }
  return { api: false, rule: PAGE_RULES[firstSegment(parts, 1)] ?? "signed-in" };
}

export type Decision = "allow" | "sign-in" | "forbidden";

export function authorize(rule: Rule, role: Role | null): Decision {
  if (rule === "public") return "allow";
  if (role === null) return "sign-in";
  if (rule === "signed-in") return "allow";
  return rule.includes(role) ? "allow" : "forbidden";
}

/**
 * What a role may do, read from the tables above, for the pages to hide what
 * it cannot (the proxy enforces it anyway).
 */
function mayOpen(role: Role | null, pathname: string): boolean {
  return authorize(ruleFor(pathname).rule, role) === "allow";
}

export function canExport(role: Role | null): boolean {
  return mayOpen(role, "/api/export");
}

export function canSummarize(role: Role | null): boolean {
  return mayOpen(role, "/summary") && mayOpen(role, "/api/summary");
}

/** Where the server keeps trail folders and the store: analysts investigate with it. */
export function canSeeServerPaths(role: Role | null): boolean {
  return role === "analyst";
}

export function isRole(value: string | null | undefined): value is Role {
  return (ROLES as readonly string[]).includes(value ?? "");
}
