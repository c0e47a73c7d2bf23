import { deliveryDays } from "../delivery-window";
import type { TimeRange } from "../../query/event-query";
import type { LoadScope } from "../source-types";

/**
 * The key layout of a trail bucket:
 * `<prefix>/AWSLogs/[o-org/]<account>/CloudTrail|CloudTrail-Insight/<region>/YYYY/MM/DD/<file>`.
 * Pure helpers; the listing itself is in s3-trail-source.ts.
 */

export const EVENT_FOLDERS = ["CloudTrail", "CloudTrail-Insight"] as const;

const ACCOUNT = /^\d{12}$/;
const ORGANIZATION = /^o-[a-z0-9]{10,32}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** The last path segment of a CommonPrefix (`a/b/c/` -> `c`). */
export function lastSegment(commonPrefix: string): string {
  const trimmed = commonPrefix.endsWith("/") ? commonPrefix.slice(0, -1) : commonPrefix;
  return trimmed.slice(trimmed.lastIndexOf("/") + 1);
}

export const isAccountFolder = (name: string): boolean => ACCOUNT.test(name);
export const isOrganizationFolder = (name: string): boolean => ORGANIZATION.test(name);
export const isRegionFolder = (name: string): boolean => REGION.test(name);

/** `prefix` joined with a relative path, without doubled or leading slashes. */
export function joinKey(prefix: string, relative: string): string {
  return prefix ? `${prefix.replace(/\/+$/, "")}/${relative}` : relative;
}

/** The day prefixes (`.../<region>/YYYY/MM/DD/`) that can hold the range's events. */
export function dayPrefixes(regionPrefix: string, range: TimeRange): string[] {
  return deliveryDays(range).map((day) => `${regionPrefix}${day.replace(/-/g, "/")}/`);
}

/**
 * Whether a Region folder (`.../<account>/CloudTrail/<region>/`) can hold events
 * the scope's account and Region filters let through.
 */
export function inPartitionScope(regionPrefix: string, scope: LoadScope): boolean {
  const parts = regionPrefix.replace(/\/$/, "").split("/");
  const region = parts[parts.length - 1] ?? "";
  const account = parts[parts.length - 3] ?? "";
  const allows = (value: string, include?: string[], exclude?: string[]) =>
    (!include?.length || include.includes(value)) && !exclude?.includes(value);
  return (
    allows(account, scope.account, scope.exclude?.account) &&
    allows(region, scope.region, scope.exclude?.region)
  );
}
