import { EVENT_CATEGORIES, LIST_FIELDS, type ListField } from "../cloudtrail/fields";
import { parseIpMatch } from "../net/ip-match";
import type { EventFilter } from "../query/event-query";
import { deliveryDays } from "../sources/delivery-window";
import type { AthenaSettings } from "./athena-settings";
import { SEARCHED_COLUMNS } from "./cloudtrail-table";
import { trinoIdentifier, trinoString, trinoStrings } from "./trino-literal";

/**
 * The Athena query of a view: which trail files hold its events. Athena reads
 * the partitions of the view's delivery days (and accounts and Regions), and
 * evaluates what it can of the filter; its answer names the files
 * (`"$path"`), which trailglass then loads whole, and the store applies the
 * whole filter as for any view. So every condition here must keep at least
 * the events the store's filter keeps (lib/store/event-filter-sql.ts): a
 * condition Athena cannot say exactly is either widened (never narrowed) or
 * left to the store. Every value enters as a literal made by trinoString.
 */

export interface AthenaSearchQuery {
  sql: string;
  /** The filter's parts Athena narrows by (field keys, `error`, `readOnly`, `q`). */
  narrowedBy: string[];
  /** The parts only the store applies, once the files are loaded. */
  leftToStore: string[];
  /** Delivery days scanned (`YYYY-MM-DD`), one partition each per account and Region. */
  days: string[];
}

/** Filter fields whose value is one column of the CloudTrail table, compared whole. */
const EXACT_COLUMNS: Partial<Record<ListField, string>> = {
  eventName: "eventname",
  eventSource: "eventsource",
  principalType: "useridentity.type",
  accessKeyId: "useridentity.accesskeyid",
  // The normalizer's account: recipientAccountId, else the caller's (empty text is none).
  account: "coalesce(nullif(recipientaccountid, ''), nullif(useridentity.accountid, ''))",
  region: "awsregion",
  errorCode: "nullif(errorcode, '')",
  vpcEndpointId: "vpcendpointid",
};

/** An IPv4 dotted quad as the store reads one (no leading zeros, octets to 255), as a number. */
const OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
const QUAD = `^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}$`;
const ipv4Number = [1, 2, 3, 4]
  .map(
    (n, i) =>
      `CAST(nullif(regexp_extract(sourceipaddress, ${trinoString(QUAD)}, ${n}), '') AS BIGINT) * ${256 ** (3 - i)}`,
  )
  .join(" + ");

const V4_MAPPED = 0xffffn << 32n;
const V4_LAST = V4_MAPPED | 0xffffffffn;

/** An IP or CIDR value as an IPv4 range (plain 32-bit numbers), or null when it is not IPv4. */
function ipv4Range(value: string): { from: bigint; to: bigint } | null {
  const range = parseIpMatch(value);
  if (!range || range.from < V4_MAPPED || range.to > V4_LAST) return null;
  return { from: range.from - V4_MAPPED, to: range.to - V4_MAPPED };
}

const anyTrue = (conditions: string[]) => `coalesce(${conditions.join(" OR ")}, false)`;

/**
 * Events whose field matches one of `values`, or more (never fewer); null when
 * Athena cannot narrow by the field at all.
 */
function includes(field: ListField, values: string[]): string | null {
  const column = EXACT_COLUMNS[field];
  if (column) return `coalesce(${column} IN (${trinoStrings(values)}), false)`;
  switch (field) {
    case "category": {
      // A declared category is the category; a record without one is inferred: kept.
      const known = trinoStrings(EVENT_CATEGORIES.map((c) => c.toLowerCase()));
      const wanted = trinoStrings(values.map((v) => v.toLowerCase()));
      return `coalesce(lower(eventcategory) IN (${wanted}) OR lower(eventcategory) NOT IN (${known}), true)`;
    }
    case "userAgent":
      return anyTrue(
        values.map((v) => `strpos(lower(useragent), ${trinoString(v.toLowerCase())}) > 0`),
      );
    case "sourceIp": {
      const ranges = values.map(ipv4Range);
      const v4 = ranges.flatMap((r) =>
        r ? [`(${ipv4Number}) BETWEEN ${r.from} AND ${r.to}`] : [],
      );
      // IPv6 text (and IPv4 written as IPv6) is kept whatever the value: the store decides.
      return anyTrue([...v4, `strpos(sourceipaddress, ':') > 0`]);
    }
    default:
      return null;
  }
}

/** Events whose field surely matches one of `values` (to exclude); null when none can be said. */
function surelyMatches(field: ListField, values: string[]): string | null {
  // Exact columns and user agents are matched exactly by includes(): the same test serves.
  if (EXACT_COLUMNS[field] || field === "userAgent") return includes(field, values);
  switch (field) {
    case "category":
      return `coalesce(lower(eventcategory) IN (${trinoStrings(values.map((v) => v.toLowerCase()))}), false)`;
    case "sourceIp": {
      const v4 = values.flatMap((v) => {
        const r = ipv4Range(v);
        return r ? [`(${ipv4Number}) BETWEEN ${r.from} AND ${r.to}`] : [];
      });
      return v4.length > 0 ? anyTrue(v4) : null;
    }
    default:
      return null;
  }
}

/** The table's columns as one lowercase text, for a free-text search (JSON where nested). */
const RECORD_TEXT = `lower(concat_ws(' ', ${SEARCHED_COLUMNS.map((c) =>
  c.type === "STRING"
    ? `coalesce(${c.name.toLowerCase()}, '')`
    : `coalesce(json_format(CAST(${c.name.toLowerCase()} AS JSON)), '')`,
).join(", ")}))`;

/** Whether a needle is found as typed in JSON text (no character JSON would escape). */
function searchableAsJson(needle: string): boolean {
  return /^[\x20-\x7e]*$/.test(needle) && !/["\\/]/.test(needle);
}

const second = (iso: string) => `${iso.slice(0, 19)}Z`;

export function athenaSearchQuery(
  filter: EventFilter,
  settings: AthenaSettings,
): AthenaSearchQuery {
  const narrowedBy: string[] = [];
  const leftToStore: string[] = [];
  const conditions: string[] = [];
  const days = deliveryDays(filter);

  // Partitions first: what Athena reads at all.
  const partitioned = new Set<string>(settings.partitions);
  if (partitioned.has("timestamp")) {
    const first = days[0]!.replace(/-/g, "/");
    const last = days[days.length - 1]!.replace(/-/g, "/");
    conditions.push(`"timestamp" BETWEEN ${trinoString(first)} AND ${trinoString(last)}`);
  }
  for (const [partition, field] of [
    ["account", "account"],
    ["region", "region"],
  ] as const) {
    if (!partitioned.has(partition)) continue;
    // A trail's folders are named by the account that logged the event and its Region.
    if (filter[field].length > 0)
      conditions.push(`${partition} IN (${trinoStrings(filter[field])})`);
    const excluded = filter.exclude[field] ?? [];
    if (excluded.length > 0) conditions.push(`${partition} NOT IN (${trinoStrings(excluded)})`);
  }
  // eventTime is ISO text with or without milliseconds: bounds a second wider each way.
  const from = new Date(Date.parse(filter.from) - 1000).toISOString();
  const to = new Date(Date.parse(filter.to) + 1000).toISOString();
  conditions.push(
    `eventtime >= ${trinoString(second(from))} AND eventtime < ${trinoString(second(to))}`,
  );

  for (const field of LIST_FIELDS) {
    const included = filter[field] ?? [];
    const excluded = filter.exclude[field] ?? [];
    if (included.length === 0 && excluded.length === 0) continue;
    const include = included.length > 0 ? includes(field, included) : null;
    const exclude = excluded.length > 0 ? surelyMatches(field, excluded) : null;
    if (include) conditions.push(include);
    if (exclude) conditions.push(`NOT ${exclude}`);
    const exact =
      (included.length === 0 || include !== null) && (excluded.length === 0 || exclude !== null);
    (exact && (include || exclude) ? narrowedBy : leftToStore).push(field);
  }

  if (filter.error === "any") {
    // A failed console sign-in has no errorCode: its responseElements say "Failure".
    conditions.push(
      `(coalesce(errorcode, '') <> '' OR strpos(coalesce(responseelements, ''), 'Failure') > 0)`,
    );
    narrowedBy.push("error");
  }
  if (filter.error === "none") {
    conditions.push(`coalesce(errorcode, '') = ''`);
    narrowedBy.push("error");
  }
  if (filter.readOnly !== null) {
    conditions.push(`lower(readonly) = ${trinoString(String(filter.readOnly))}`);
    narrowedBy.push("readOnly");
  }
  if (filter.crossAccount !== null) leftToStore.push("crossAccount");
  if (filter.integrity.length > 0) leftToStore.push("integrity");
  if (filter.q) {
    const needle = filter.q.toLowerCase();
    if (searchableAsJson(needle)) {
      conditions.push(`strpos(${RECORD_TEXT}, ${trinoString(needle)}) > 0`);
      narrowedBy.push("q");
    } else leftToStore.push("q");
  }

  const table = `${trinoIdentifier(settings.database)}.${trinoIdentifier(settings.table)}`;
  const sql = [
    `SELECT "$path" AS path, count(*) AS events`,
    `FROM ${table}`,
    `WHERE ${conditions.join("\n  AND ")}`,
    `GROUP BY 1`,
  ].join("\n");
  return { sql, narrowedBy, leftToStore, days };
}
