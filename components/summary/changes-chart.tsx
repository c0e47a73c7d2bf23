"use client";

import { useRouter } from "next/navigation";
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";
import { actorFilter, drillDownHref } from "@/lib/query/drill-down";
import type { SummaryActor } from "@/lib/query/summary-response";
import { ChartFigure } from "./chart-figure";
import { SizedChart } from "./sized-chart";
import { CHANGE_FILTER } from "./summary-filters";

/** An actor's name, with its account when another actor of the view has the same name. */
function actorLabel(a: SummaryActor, actors: SummaryActor[]): string {
  const shared = actors.some((o) => o !== a && o.actor === a.actor);
  return shared && a.actorAccount ? `${a.actor} (${a.actorAccount})` : a.actor;
}

/** Characters of an actor's name on the axis (the tooltip has it whole): it fits the axis's width. */
const AXIS_LABEL_CHARS = 21;
const AXIS_WIDTH_PX = 170;

function axisLabel(label: string): string {
  return label.length > AXIS_LABEL_CHARS ? `${label.slice(0, AXIS_LABEL_CHARS - 1)}…` : label;
}

/** The ten actors who changed the most; a bar opens that actor's changes. */
export function ChangesChart({ actors, view }: { actors: SummaryActor[]; view: URLSearchParams }) {
  const router = useRouter();
  const changers = actors
    .filter((a) => a.changes > 0)
    .sort((a, b) => b.changes - a.changes)
    .slice(0, 10)
    .map((a) => ({
      // Same-named roles of two accounts are two bars: the account tells them apart.
      label: actorLabel(a, actors),
      filter: actorFilter(a),
      changes: a.changes,
    }));
  return (
    <ChartFigure testId="chart-changes" caption="Changes per actor (top 10)" printSpan="half">
      {changers.length === 0 ? (
        <p className="muted">No changes in this view.</p>
      ) : (
        <SizedChart height={Math.max(120, changers.length * 26 + 30)} printSpan="half">
          <BarChart
            data={changers}
            layout="vertical"
            margin={{ top: 4, right: 16, bottom: 0, left: 8 }}
          >
            <CartesianGrid strokeDasharray="3 3" horizontal={false} />
            <XAxis type="number" tick={{ fontSize: 12 }} allowDecimals={false} />
            <YAxis
              type="category"
              dataKey="label"
              tick={{ fontSize: 12 }}
              tickFormatter={axisLabel}
              width={AXIS_WIDTH_PX}
              interval={0}
            />
            <Tooltip isAnimationActive={false} />
            <Bar
              dataKey="changes"
              fill="var(--accent)"
              isAnimationActive={false}
              cursor="pointer"
              onClick={(_, index) => {
                const bar = changers[index];
                if (bar) router.push(drillDownHref(view, { ...bar.filter, ...CHANGE_FILTER }));
              }}
            />
          </BarChart>
        </SizedChart>
      )}
    </ChartFigure>
  );
}
