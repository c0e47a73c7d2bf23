import type { EventListRow } from "@/lib/cloudtrail/event-schema";

/** A value as the table shows it: the text, or a dash when there is none. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  return String(value);
}

/** The source IP filter takes addresses only (a service name such as `s3.amazonaws.com` is not one). */
export function ipValue(value: string | null): string | null {
  return value && (/^\d{1,3}(\.\d{1,3}){3}$/.test(value) || value.includes(":")) ? value : null;
}

/** What an Insights type watches, in words. */
const INSIGHT_WATCHES: Record<string, string> = {
  ApiCallRateInsight: "call rate",
  ApiErrorRateInsight: "error rate",
};

/**
 * An Insights record's row label: the API it watches first (a narrow column
 * cuts the end, never the name), then what about it and whether it starts or
 * ends: `CreateTags · call rate start`.
 */
export function insightLabel(row: EventListRow): string | null {
  const details = row.raw?.insightDetails;
  if (!details || typeof details !== "object") return null;
  const d = details as Record<string, unknown>;
  const name = typeof d.eventName === "string" ? d.eventName : "";
  const type = typeof d.insightType === "string" ? d.insightType : "Insight";
  const state = typeof d.state === "string" ? d.state.toLowerCase() : "";
  const what = `${INSIGHT_WATCHES[type] ?? type} ${state}`.trim();
  return name ? `${name} · ${what}` : what;
}
