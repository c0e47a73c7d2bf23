"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { drillDownHref } from "@/lib/query/drill-down";
import { cx } from "../app/class-names";
import type { TimeRange } from "@/lib/query/event-query";
import type { SummaryActor, SummaryTimeline } from "@/lib/query/summary-response";
import { bucketLabel, type TimeZoneMode } from "../events/format";
import { bucketSpan, stepLabel } from "@/lib/summary/timeline";
import { ChangesChart } from "./changes-chart";
import styles from "./summary-charts.module.css";
import { ERROR_FILTER } from "./summary-filters";
import { CategoryTimelineChart, ErrorsTimelineChart, type TimeBucket } from "./time-charts";

/**
 * The summary's charts (Recharts, SVG: text stays text, and they print). A
 * click on a bar opens the events behind it in the table.
 */

export function SummaryCharts({
  timeline,
  range,
  actors,
  view,
  zone,
}: {
  timeline: SummaryTimeline;
  /** The summary's range: a bucket's events stay inside it. */
  range: TimeRange;
  actors: SummaryActor[];
  view: URLSearchParams;
  zone: TimeZoneMode;
}) {
  const router = useRouter();
  const buckets: TimeBucket[] = timeline.buckets.map((b) => ({
    label: bucketLabel(b.start, timeline.bucketSeconds, zone),
    ...b.byCategory,
    errors: b.errors,
    changes: b.changes,
  }));
  const openBucket = (index: number, extra: Record<string, readonly string[]> = {}) => {
    if (!timeline.buckets[index]) return;
    const starts = timeline.buckets.map((b) => b.start);
    const { from, to } = bucketSpan(starts, timeline.bucketSeconds, index, index, range);
    router.push(drillDownHref(view, { from: [from], to: [to], ...extra }));
  };
  const step = stepLabel(timeline.bucketSeconds);

  return (
    <div className={styles.charts}>
      <CategoryTimelineChart
        buckets={buckets}
        step={step}
        onBar={(index, category) => openBucket(index, { category: [category] })}
      />
      <ChangesChart actors={actors} view={view} />
      <ErrorsTimelineChart
        buckets={buckets}
        step={step}
        onBar={(index) => openBucket(index, ERROR_FILTER)}
      />
      <p className={cx("muted", styles.hint)}>
        Click a bar to see its events in the table, or{" "}
        <Link href={drillDownHref(view, {})}>open the whole view</Link>.
      </p>
    </div>
  );
}
