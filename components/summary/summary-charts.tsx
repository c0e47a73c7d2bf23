"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { drillDownHref } from "@/lib/query/drill-down";
import { cx } from "../app/class-names";
import type { SummaryActor, SummaryTimeline } from "@/lib/query/summary-response";
import { formatTime, type TimeZoneMode } from "../events/format";
import { ChangesChart } from "./changes-chart";
import styles from "./summary-charts.module.css";
import { ERROR_FILTER } from "./summary-filters";
import { CategoryTimelineChart, ErrorsTimelineChart, type TimeBucket } from "./time-charts";

/**
 * The summary's charts (Recharts, SVG: text stays text, and they print). A
 * click on a bar opens the events behind it in the table.
 */

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

/** A bucket's width in words: `3 h`, `1 day`... */
function stepLabel(bucketSeconds: number): string {
  return bucketSeconds >= 86_400
    ? `${bucketSeconds / 86_400} day`
    : bucketSeconds >= 3600
      ? `${bucketSeconds / 3600} h`
      : `${bucketSeconds / 60} min`;
}

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
  const buckets: TimeBucket[] = timeline.buckets.map((b) => ({
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
