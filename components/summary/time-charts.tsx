"use client";

import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import { EVENT_CATEGORIES, type EventCategory } from "@/lib/cloudtrail/event-schema";
import { ChartFigure } from "./chart-figure";
import { SizedChart } from "./sized-chart";

/** One time bucket as the charts plot it: its label, a count per category, errors and changes. */
export type TimeBucket = { label: string; errors: number; changes: number } & Partial<
  Record<EventCategory, number>
>;

/** The theme's colors (app/globals.css): SVG fills take CSS variables, so charts follow the theme. */
export const CATEGORY_COLOR: Record<EventCategory, string> = {
  Management: "var(--management)",
  Data: "var(--data)",
  Insight: "var(--insight)",
  NetworkActivity: "var(--network)",
};

/** The axes the two time charts share (Recharts wants them as direct children). */
const TIME_AXIS = { dataKey: "label", tick: { fontSize: 12 }, minTickGap: 24 };
const COUNT_AXIS = { tick: { fontSize: 12 }, width: 48, allowDecimals: false };

/** Events per bucket, stacked by category; a bar opens that bucket's events of its category. */
export function CategoryTimelineChart({
  buckets,
  step,
  onBar,
}: {
  buckets: TimeBucket[];
  /** The bucket's width, in words. */
  step: string;
  onBar: (index: number, category: EventCategory) => void;
}) {
  return (
    <ChartFigure
      testId="chart-timeline"
      caption={<>Events over time by category (per {step})</>}
      printSpan="page"
    >
      <SizedChart height={220} printSpan="page">
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
              onClick={(_, index) => onBar(index, c)}
            />
          ))}
        </BarChart>
      </SizedChart>
    </ChartFigure>
  );
}

/** Failed calls per bucket; a bar opens that bucket's failed calls. */
export function ErrorsTimelineChart({
  buckets,
  step,
  onBar,
}: {
  buckets: TimeBucket[];
  step: string;
  onBar: (index: number) => void;
}) {
  return (
    <ChartFigure
      testId="chart-errors"
      caption={<>Errors over time (per {step})</>}
      printSpan="half"
    >
      <SizedChart height={180} printSpan="half">
        <BarChart data={buckets} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis {...TIME_AXIS} />
          <YAxis {...COUNT_AXIS} />
          <Tooltip isAnimationActive={false} />
          <Bar
            dataKey="errors"
            fill="var(--danger)"
            isAnimationActive={false}
            cursor="pointer"
            onClick={(_, index) => onBar(index)}
          />
        </BarChart>
      </SizedChart>
    </ChartFigure>
  );
}
