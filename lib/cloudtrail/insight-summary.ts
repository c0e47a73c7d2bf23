/**
 * An Insights event in words: what rate changed, by how much, for how long,
 * and who or what it came from. The averages in insightContext are per minute.
 */

type Json = Record<string, unknown>;

export interface InsightSummary {
  headline: string;
  /** Top contributors during the insight, per attribute (principal ARN, user agent, error code). */
  attributions: { attribute: string; contributors: string[] }[];
}

const ATTRIBUTE_LABEL: Record<string, string> = {
  userIdentityArn: "Callers",
  userAgent: "User agents",
  errorCode: "Error codes",
};

const obj = (v: unknown): Json | null =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Json) : null;
const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === "string" && v ? v : null);

/** `11.5 per minute`, `0.00021 per minute`. */
export function rate(perMinute: number): string {
  const shown =
    perMinute >= 100
      ? perMinute.toFixed(0)
      : perMinute >= 1
        ? String(Number(perMinute.toFixed(1)))
        : String(Number(perMinute.toPrecision(2)));
  return `${shown} per minute`;
}

/** What an Insights record measured: the API watched, the rates (per minute) and their ratio. */
export interface InsightStatistics {
  state: "Start" | "End";
  eventSource: string | null;
  eventName: string | null;
  /** `ApiErrorRateInsight`: errors of the API; else its calls. */
  errors: boolean;
  /** The error code the insight is about, when the record names one. */
  errorCode: string | null;
  insightAverage: number | null;
  baselineAverage: number | null;
  /** insightAverage / baselineAverage, rounded; null when either is missing or the baseline is 0. */
  ratio: number | null;
  durationMinutes: number | null;
  /** Error codes of the calls during the insight, most frequent first (`null` ones left out). */
  errorCodes: string[];
}

export function insightStatistics(record: Json): InsightStatistics | null {
  const details = obj(record.insightDetails);
  if (!details) return null;
  const context = obj(details.insightContext);
  const stats = obj(context?.statistics);
  const insight = num(obj(stats?.insight)?.average);
  const baseline = num(obj(stats?.baseline)?.average);
  const errorCodes = contributorsOf(context, "errorCode")
    .map((i) => str(i.value))
    .filter((v): v is string => v !== null && v !== "null");
  return {
    state: str(details.state) === "End" ? "End" : "Start",
    eventSource: str(details.eventSource),
    eventName: str(details.eventName),
    errors: details.insightType === "ApiErrorRateInsight",
    errorCode: str(details.errorCode),
    insightAverage: insight,
    baselineAverage: baseline,
    ratio:
      insight !== null && baseline !== null && baseline > 0 ? Math.round(insight / baseline) : null,
    durationMinutes: num(stats?.insightDuration),
    errorCodes,
  };
}

/** An attribution's contributors during the insight, highest average first. */
function contributorsOf(context: Json | null, attribute: string): Json[] {
  const list = Array.isArray(context?.attributions) ? (context.attributions as unknown[]) : [];
  const entry = list.map(obj).find((a) => a !== null && str(a.attribute) === attribute);
  const items = Array.isArray(entry?.insight) ? (entry.insight as unknown[]) : [];
  return items
    .map(obj)
    .filter((i): i is Json => i !== null && str(i.value) !== null)
    .sort((x, y) => (num(y.average) ?? 0) - (num(x.average) ?? 0));
}

export function describeInsight(record: Json): InsightSummary | null {
  const stats = insightStatistics(record);
  if (!stats) return null;
  const api = `${stats.eventName ?? "calls"} on ${stats.eventSource ?? "a service"}`;
  const what = stats.errors
    ? `Errors${stats.errorCode ? ` (${stats.errorCode})` : ""} of ${api}`
    : `${api}`;
  const state = stats.state === "End" ? "ended" : "started";
  let headline = `Unusual ${stats.errors ? "error rate" : "call rate"} ${state}: ${what}`;
  const { insightAverage: insight, baselineAverage: baseline, ratio } = stats;
  if (insight !== null && baseline !== null) {
    const times = ratio !== null ? ` (${ratio.toLocaleString("en-US")}× usual)` : "";
    headline += ` ran at ${rate(insight)} against a baseline of ${rate(baseline)}${times}`;
  }
  const minutes = stats.durationMinutes;
  if (minutes !== null) headline += `, for ${minutes} minute${minutes === 1 ? "" : "s"}`;
  headline += ".";

  const attributions: InsightSummary["attributions"] = [];
  const context = obj(obj(record.insightDetails)?.insightContext);
  const list = Array.isArray(context?.attributions) ? (context.attributions as unknown[]) : [];
  for (const a of list) {
    const attribute = str(obj(a)?.attribute);
    if (!attribute) continue;
    const contributors = contributorsOf(context, attribute)
      .slice(0, 3)
      .map((i) => {
        // CloudTrail names calls without an error code "null" in errorCode attributions.
        const value =
          attribute === "errorCode" && i.value === "null" ? "no error" : String(i.value);
        const avg = num(i.average);
        return avg === null ? value : `${value} (${rate(avg)})`;
      });
    if (contributors.length > 0) {
      attributions.push({ attribute: ATTRIBUTE_LABEL[attribute] ?? attribute, contributors });
    }
  }
  return { headline, attributions };
}
