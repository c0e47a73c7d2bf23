"use client";

import type { ReactElement } from "react";
import { ResponsiveContainer } from "recharts";
import { usePrinting } from "../app/use-printing";

/** A chart's share of a printed page: the whole width, or half of it. */
export type PrintSpan = "page" | "half";

/** A4 (210 mm) less the 12 mm margins of the @page rule (app/globals.css), in CSS px. */
const PRINT_PAGE_PX = Math.floor((186 / 25.4) * 96);
/** Less a chart box's border and padding (chart-figure.module.css); a half also shares a gap. */
const PRINT_WIDTH_PX: Record<PrintSpan, number> = {
  page: PRINT_PAGE_PX - 12,
  half: Math.floor((PRINT_PAGE_PX - 6) / 2) - 12,
};

/**
 * A chart as wide as its box on screen. Printed, it is drawn at its share of
 * the page's width: a chart sized on screen would be cut at the page's edge,
 * or make the browser shrink the whole report to fit it.
 */
export function SizedChart({
  height,
  printSpan,
  children,
}: {
  height: number;
  printSpan: PrintSpan;
  children: ReactElement;
}) {
  const printing = usePrinting();
  return (
    <ResponsiveContainer width={printing ? PRINT_WIDTH_PX[printSpan] : "100%"} height={height}>
      {children}
    </ResponsiveContainer>
  );
}
