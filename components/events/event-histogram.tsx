"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Line,
  type MouseHandlerDataParam,
  ReferenceArea,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { EVENT_CATEGORIES } from "@/lib/cloudtrail/event-schema";
import type { TimeRange } from "@/lib/query/event-query";
import type { SummaryTimeline } from "@/lib/query/summary-response";
import { bucketSpan, stepLabel } from "@/lib/summary/timeline";
import { CATEGORY_COLOR } from "../summary/time-charts";
import styles from "./event-histogram.module.css";
import { fetchTimeline, retryUnlessRefused } from "./fetch-events";
import { bucketLabel, formatCount, formatTime, zoneLabel } from "./format";
import { useTimeZone } from "./time-zone";

const ERROR_COLOR = "#b42318";
const HEIGHT = 120;

/** The bucket under the pointer, as Recharts reports it (an index, sometimes as text). */
function bucketIndex(state: MouseHandlerDataParam): number | null {
  const index = Number(state.activeTooltipIndex);
  return state.activeTooltipIndex !== undefined && Number.isInteger(index) ? index : null;
}

/**
 * The view's events over time, stacked by category, with its errors on their
 * own scale (the red line, right axis): where the activity and the failures
 * are. Dragging across the bars (or clicking one) narrows the view's range to
 * those buckets. Counted by the store (`/api/timeline`) for the view's filter.
 */
export function EventHistogram({
  apiParams,
  onRange,
}: {
  /** The view's API parameters. */
  apiParams: string;
  onRange: (range: TimeRange) => void;
}) {
  // The table's sort does not change the counts: one cache entry per filter.
  const params = new URLSearchParams(apiParams);
  params.delete("sort");
  const key = params.toString();
  const timeline = useQuery({
    queryKey: ["timeline", key],
    queryFn: ({ signal }) => fetchTimeline(new URLSearchParams(key), signal),
    refetchInterval: (query) => (query.state.data?.complete === false ? 2000 : false),
    retry: retryUnlessRefused,
    // The previous view's bars stay while the next one's are counted: the page does not jump.
    placeholderData: keepPreviousData,
  });

  if (timeline.error) {
    return (
      <p className={styles.unavailable} data-testid="histogram-error">
        The histogram is unavailable: {timeline.error.message}
      </p>
    );
  }
  const data = timeline.data;
  if (!data) {
    return <div className={styles.figure} style={{ height: HEIGHT }} aria-busy="true" />;
  }
  return <HistogramChart timeline={data.timeline} range={data.range} onRange={onRange} />;
}

function HistogramChart({
  timeline,
  range,
  onRange,
}: {
  timeline: SummaryTimeline;
  range: TimeRange;
  onRange: (range: TimeRange) => void;
}) {
  const zone = useTimeZone();
  const [drag, setDrag] = useState<{ anchor: number; current: number } | null>(null);
  const { buckets, bucketSeconds } = timeline;
  const starts = buckets.map((b) => b.start);
  const rows = buckets.map((b) => ({ start: b.start, errors: b.errors, ...b.byCategory }));
  const total = buckets.reduce(
    (n, b) => n + Object.values(b.byCategory).reduce((m, v) => m + v, 0),
    0,
  );
  const errors = buckets.reduce((n, b) => n + b.errors, 0);
  const step = stepLabel(bucketSeconds);

  const select = (a: number, b: number) => onRange(bucketSpan(starts, bucketSeconds, a, b, range));
  const onMouseDown = (state: MouseHandlerDataParam) => {
    const index = bucketIndex(state);
    if (index !== null) setDrag({ anchor: index, current: index });
  };
  const onMouseMove = (state: MouseHandlerDataParam) => {
    const index = bucketIndex(state);
    if (drag && index !== null && index !== drag.current) setDrag({ ...drag, current: index });
  };
  const onMouseUp = () => {
    if (!drag) return;
    setDrag(null);
    select(drag.anchor, drag.current);
  };
  /** A bucket's span in the page's zone: `2026-11-04 02:15:00 – 02:30:00 UTC`. */
  const bucketText = (start: string) => {
    const from = formatTime(start, zone);
    const to = formatTime(new Date(Date.parse(start) + bucketSeconds * 1000).toISOString(), zone);
    const sameDay = from.slice(0, 10) === to.slice(0, 10);
    return `${from} – ${sameDay ? to.slice(11) : to} ${zoneLabel(zone)}`;
  };

  return (
    <figure
      className={styles.figure}
      data-testid="histogram"
      data-bucket-seconds={bucketSeconds}
      data-buckets={buckets.length}
    >
      <figcaption className={styles.caption}>
        <span>
          Events over time (per {step}): {formatCount(total)} events,{" "}
          <span className={styles.errors}>{formatCount(errors)} errors</span>
        </span>
        <span className="muted">Drag across the bars, or click one, to zoom into that span.</span>
      </figcaption>
      <div
        className={styles.plot}
        data-testid="histogram-plot"
        // Leaving the chart mid-drag drops the span: nothing changes until a button is let go over it.
        onMouseLeave={() => setDrag(null)}
      >
        <ResponsiveContainer width="100%" height={HEIGHT}>
          <ComposedChart
            data={rows}
            margin={{ top: 4, right: 4, bottom: 0, left: 0 }}
            barCategoryGap={1}
            onMouseDown={onMouseDown}
            onMouseMove={onMouseMove}
            onMouseUp={onMouseUp}
          >
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis
              dataKey="start"
              tick={{ fontSize: 11 }}
              minTickGap={32}
              tickFormatter={(iso: string) => bucketLabel(iso, bucketSeconds, zone)}
            />
            <YAxis tick={{ fontSize: 11 }} width={48} allowDecimals={false} />
            <YAxis
              yAxisId="errors"
              orientation="right"
              tick={{ fontSize: 11, fill: ERROR_COLOR }}
              width={36}
              allowDecimals={false}
            />
            <Tooltip
              isAnimationActive={false}
              labelFormatter={(start) => bucketText(String(start))}
              formatter={(value, name) => [formatCount(Number(value)), name]}
            />
            {EVENT_CATEGORIES.map((c) => (
              <Bar
                key={c}
                dataKey={c}
                stackId="category"
                fill={CATEGORY_COLOR[c]}
                isAnimationActive={false}
                cursor="crosshair"
              />
            ))}
            <Line
              yAxisId="errors"
              dataKey="errors"
              name="Errors"
              stroke={ERROR_COLOR}
              strokeWidth={1.5}
              dot={false}
              isAnimationActive={false}
            />
            {drag && (
              <ReferenceArea
                x1={starts[Math.min(drag.anchor, drag.current)]}
                x2={starts[Math.max(drag.anchor, drag.current)]}
                fill="var(--accent)"
                fillOpacity={0.15}
                stroke="var(--accent)"
              />
            )}
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <ul className={styles.legend} aria-label="Categories">
        {EVENT_CATEGORIES.map((c) => (
          <li key={c}>
            <span className={styles.swatch} style={{ background: CATEGORY_COLOR[c] }} />
            {c === "NetworkActivity" ? "Network activity" : c}
          </li>
        ))}
        <li>
          <span className={styles.swatch} style={{ background: ERROR_COLOR }} />
          Errors (right scale)
        </li>
      </ul>
    </figure>
  );
}
