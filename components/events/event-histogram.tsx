"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { type MouseEvent, useRef, useState } from "react";
import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Line,
  ReferenceArea,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { EVENT_CATEGORIES, type EventCategory } from "@/lib/cloudtrail/event-schema";
import type { TimeRange } from "@/lib/query/event-query";
import type { SummaryTimeline } from "@/lib/query/summary-response";
import { bucketSpan, stepLabel } from "@/lib/summary/timeline";
import { CATEGORY_COLOR } from "../summary/time-charts";
import styles from "./event-histogram.module.css";
import { fetchTimeline, retryUnlessRefused } from "./fetch-events";
import { bucketLabel, formatCount, formatTime, zoneLabel } from "./format";
import { useTimeZone } from "./time-zone";

const ERROR_COLOR = "var(--danger)";
const CATEGORY_NAME: Record<EventCategory, string> = {
  Management: "Management",
  Data: "Data",
  Insight: "Insight",
  NetworkActivity: "Network activity",
};
const SERIES_ORDER: readonly string[] = [...EVENT_CATEGORIES, "errors"];
const HEIGHT = 120;

/** The axes' widths and the chart's margins, in pixels: where the plot lies in the chart. */
const AXIS_WIDTH = { counts: 48, errors: 36 };
const MARGIN = { top: 4, right: 4, bottom: 0, left: 0 };
const PLOT = {
  left: MARGIN.left + AXIS_WIDTH.counts,
  right: AXIS_WIDTH.errors + MARGIN.right,
};

/**
 * The bucket under the pointer, from where it is in the chart (`box`) and the
 * plot's layout: Recharts' own active index lags a fast pointer by a frame.
 */
function bucketAt(clientX: number, box: DOMRect, buckets: number): number | null {
  const width = box.width - PLOT.left - PLOT.right;
  const x = clientX - box.left - PLOT.left;
  if (width <= 0 || x < 0 || x > width) return null;
  return Math.min(buckets - 1, Math.floor((x / width) * buckets));
}

/**
 * The view's events over time, stacked by category, with its errors on their
 * own scale (the red line, right axis): where the activity and the failures
 * are. Dragging across the bars (or clicking one) narrows the view's range to
 * those buckets. Counted by the store (`/api/timeline`) for the view's filter.
 */
export function EventHistogram({
  filterParams,
  onRange,
}: {
  /** The view's filter as API parameters (viewFilterParams): the table's sort does not change the counts. */
  filterParams: string;
  onRange: (range: TimeRange) => void;
}) {
  const timeline = useQuery({
    queryKey: ["timeline", filterParams],
    queryFn: ({ signal }) => fetchTimeline(new URLSearchParams(filterParams), signal),
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
  const plot = useRef<HTMLDivElement>(null);
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
  const at = (e: MouseEvent<HTMLDivElement>) =>
    plot.current ? bucketAt(e.clientX, plot.current.getBoundingClientRect(), buckets.length) : null;
  const onMouseDown = (e: MouseEvent<HTMLDivElement>) => {
    const index = e.button === 0 ? at(e) : null;
    if (index !== null) setDrag({ anchor: index, current: index });
  };
  const onMouseMove = (e: MouseEvent<HTMLDivElement>) => {
    const index = drag ? at(e) : null;
    if (drag && index !== null && index !== drag.current) setDrag({ ...drag, current: index });
  };
  const onMouseUp = (e: MouseEvent<HTMLDivElement>) => {
    if (!drag) return;
    setDrag(null);
    select(drag.anchor, at(e) ?? drag.current);
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
        ref={plot}
        className={styles.plot}
        data-testid="histogram-plot"
        onMouseDown={onMouseDown}
        onMouseMove={onMouseMove}
        onMouseUp={onMouseUp}
        // Leaving the chart mid-drag drops the span: nothing changes until a button is let go over it.
        onMouseLeave={() => setDrag(null)}
      >
        <ResponsiveContainer width="100%" height={HEIGHT}>
          <ComposedChart data={rows} margin={MARGIN} barCategoryGap={1}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis
              dataKey="start"
              tick={{ fontSize: 11 }}
              minTickGap={32}
              tickFormatter={(iso: string) => bucketLabel(iso, bucketSeconds, zone)}
            />
            <YAxis tick={{ fontSize: 11 }} width={AXIS_WIDTH.counts} allowDecimals={false} />
            <YAxis
              yAxisId="errors"
              orientation="right"
              tick={{ fontSize: 11, fill: ERROR_COLOR }}
              width={AXIS_WIDTH.errors}
              allowDecimals={false}
            />
            <Tooltip
              isAnimationActive={false}
              labelFormatter={(start) => bucketText(String(start))}
              formatter={(value, name) => [formatCount(Number(value)), name]}
              // The categories in the stack's order, then the errors.
              itemSorter={(item) => SERIES_ORDER.indexOf(String(item.dataKey))}
            />
            {EVENT_CATEGORIES.map((c) => (
              <Bar
                key={c}
                dataKey={c}
                name={CATEGORY_NAME[c]}
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
            {CATEGORY_NAME[c]}
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
