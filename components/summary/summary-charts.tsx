"use client";

import Link from "next/link";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { useRouter } from "next/navigation";
import { EVENT_CATEGORIES } from "@/lib/cloudtrail/event-schema";
import { drillDownHref } from "@/lib/query/drill-down";
import type { SummaryActor, SummaryTimeline } from "@/lib/query/summary-response";
import { CHANGE_FILTER, ERROR_FILTER } from "./summary-filters";
import { formatTime, type TimeZoneMode } from "../events/format";

/**
 * The summary's charts (Recharts, SVG: text stays text, and they print). A
 * click on a bar opens the events behind it in the table.
 */

export const CATEGORY_COLOR: Record<(typeof EVENT_CATEGORIES)[number], string> = {
  Management: "#2457c5",
  Data: "#0f766e",
  Insight: "#b45309",
  NetworkActivity: "#7c3aed",
};

function bucketLabel(iso: string, bucketSeconds: number, zone: TimeZoneMode): string {
  const text = formatTime(iso, zone);
  return bucketSeconds >= 86_400 ? text.slice(0, 10) : text.slice(5, 16);
}

function bucketRange(start: string, bucketSeconds: number): { from: string; to: string } {
  const from = Date.parse(start);
  return {
    from: new Date(from).toISOString(),
    // The table's range includes its end: stop just before the next bucket.
    to: new Date(from + bucketSeconds * 1000 - 1).toISOString(),
  };
}

/** The axes the two time charts share (Recharts wants them as direct children). */
const TIME_AXIS = { dataKey: "label", tick: { fontSize: 11 }, minTickGap: 24 };
const COUNT_AXIS = { tick: { fontSize: 11 }, width: 48, allowDecimals: false };

export function SummaryCharts({
  timeline,
  actors,
  view,
  zone,
}: {
  timeline: SummaryTimeline;
  actors: SummaryActor[];
  view: URLSearchParams;
  zone: TimeZoneMode;
}) {
  const router = useRouter();
  const buckets = timeline.buckets.map((b) => ({
    label: bucketLabel(b.start, timeline.bucketSeconds, zone),
    ...b.byCategory,
    errors: b.errors,
    changes: b.changes,
  }));
  const openBucket = (index: number, extra: Record<string, readonly string[]> = {}) => {
    const bucket = timeline.buckets[index];
    if (!bucket) return;
    const { from, to } = bucketRange(bucket.start, timeline.bucketSeconds);
    router.push(drillDownHref(view, { from: [from], to: [to], ...extra }));
  };
  const changers = actors
    .filter((a) => a.changes > 0)
    .sort((a, b) => b.changes - a.changes)
    .slice(0, 10)
    .map((a) => ({ actor: a.actor, changes: a.changes }));
  const step =
    timeline.bucketSeconds >= 86_400
      ? `${timeline.bucketSeconds / 86_400} day`
      : timeline.bucketSeconds >= 3600
        ? `${timeline.bucketSeconds / 3600} h`
        : `${timeline.bucketSeconds / 60} min`;

  return (
    <div className="summary-charts">
      <figure className="chart" data-testid="chart-timeline">
        <figcaption>Events over time by category (per {step})</figcaption>
        <ResponsiveContainer width="100%" height={220}>
          <BarChart data={buckets} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis {...TIME_AXIS} />
            <YAxis {...COUNT_AXIS} />
            <Tooltip isAnimationActive={false} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {EVENT_CATEGORIES.map((c) => (
              <Bar
                key={c}
                dataKey={c}
                stackId="category"
                fill={CATEGORY_COLOR[c]}
                isAnimationActive={false}
                cursor="pointer"
                onClick={(_, index) => openBucket(index, { category: [c] })}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </figure>
      <figure className="chart" data-testid="chart-changes">
        <figcaption>Changes per actor (top 10)</figcaption>
        {changers.length === 0 ? (
          <p className="muted">No changes in this view.</p>
        ) : (
          <ResponsiveContainer width="100%" height={Math.max(120, changers.length * 26 + 30)}>
            <BarChart
              data={changers}
              layout="vertical"
              margin={{ top: 4, right: 16, bottom: 0, left: 8 }}
            >
              <CartesianGrid strokeDasharray="3 3" horizontal={false} />
              <XAxis type="number" tick={{ fontSize: 11 }} allowDecimals={false} />
              <YAxis
                type="category"
                dataKey="actor"
                tick={{ fontSize: 11 }}
                width={150}
                interval={0}
              />
              <Tooltip isAnimationActive={false} />
              <Bar
                dataKey="changes"
                fill="#2457c5"
                isAnimationActive={false}
                cursor="pointer"
                onClick={(_, index) => {
                  const actor = changers[index]?.actor;
                  if (actor) router.push(drillDownHref(view, { actor: [actor], ...CHANGE_FILTER }));
                }}
              />
            </BarChart>
          </ResponsiveContainer>
        )}
      </figure>
      <figure className="chart" data-testid="chart-errors">
        <figcaption>Errors over time (per {step})</figcaption>
        <ResponsiveContainer width="100%" height={180}>
          <BarChart data={buckets} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis {...TIME_AXIS} />
            <YAxis {...COUNT_AXIS} />
            <Tooltip isAnimationActive={false} />
            <Bar
              dataKey="errors"
              fill="#b42318"
              isAnimationActive={false}
              cursor="pointer"
              onClick={(_, index) => openBucket(index, ERROR_FILTER)}
            />
          </BarChart>
        </ResponsiveContainer>
      </figure>
      <p className="muted chart-hint">
        Click a bar to see its events in the table, or{" "}
        <Link href={drillDownHref(view, {})}>open the whole view</Link>.
      </p>
    </div>
  );
}
