import { Suspense } from "react";
import type { Metadata } from "next";
import { SummaryView } from "@/components/summary/summary-view";

export const metadata: Metadata = { title: "Who did what · trailglass" };

export default function SummaryPage() {
  return (
    <main className="events-page summary-page">
      <Suspense fallback={<p className="muted">Loading…</p>}>
        <SummaryView />
      </Suspense>
    </main>
  );
}
