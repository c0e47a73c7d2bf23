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

function rate(perMinute: number): string {
  const shown =
    perMinute >= 100
      ? perMinute.toFixed(0)
      : perMinute >= 1
        ? String(Number(perMinute.toFixed(1)))
        : String(Number(perMinute.toPrecision(2)));
  return `${shown} per minute`;
}

export function describeInsight(record: Json): InsightSummary | null {
  const details = obj(record.insightDetails);
  if (!details) return null;
  const stats = obj(obj(details.insightContext)?.statistics);
  const insight = num(obj(stats?.insight)?.average);
  const baseline = num(obj(stats?.baseline)?.average);
  const api = `${str(details.eventName) ?? "calls"} on ${str(details.eventSource) ?? "a service"}`;
  const errors = details.insightType === "ApiErrorRateInsight";
  const what = errors
    ? `Errors${str(details.errorCode) ? ` (${str(details.errorCode)})` : ""} of ${api}`
    : `${api}`;
  const state = str(details.state) === "End" ? "ended" : "started";
  let headline = `Unusual ${errors ? "error rate" : "call rate"} ${state}: ${what}`;
  if (insight !== null && baseline !== null) {
    const ratio =
      baseline > 0 ? ` (${Math.round(insight / baseline).toLocaleString("en-US")}× usual)` : "";
    headline += ` ran at ${rate(insight)} against a baseline of ${rate(baseline)}${ratio}`;
  }
  const minutes = num(stats?.insightDuration);
  if (minutes !== null) headline += `, for ${minutes} minute${minutes === 1 ? "" : "s"}`;
  headline += ".";

  const attributions: InsightSummary["attributions"] = [];
  const list = obj(details.insightContext)?.attributions;
  for (const a of Array.isArray(list) ? list : []) {
    const entry = obj(a);
    const attribute = str(entry?.attribute);
    const items = Array.isArray(entry?.insight) ? (entry.insight as unknown[]) : [];
    const contributors = items
      .map(obj)
      .filter((i): i is Json => i !== null && str(i.value) !== null)
      .sort((x, y) => (num(y.average) ?? 0) - (num(x.average) ?? 0))
      .slice(0, 3)
      .map((i) => {
        // CloudTrail names calls without an error code "null" in errorCode attributions.
        const value =
          attribute === "errorCode" && i.value === "null" ? "no error" : String(i.value);
        const avg = num(i.average);
        return avg === null ? value : `${value} (${rate(avg)})`;
      });
    if (attribute && contributors.length > 0) {
      attributions.push({ attribute: ATTRIBUTE_LABEL[attribute] ?? attribute, contributors });
    }
  }
  return { headline, attributions };
}
