import { Suspense } from "react";
import type { Metadata } from "next";
import { SummaryView } from "@/components/summary/summary-view";
import { PageMain } from "@/components/app/page-main";

export const metadata: Metadata = { title: "Who did what" };

export default function SummaryPage() {
  return (
    <PageMain>
      <Suspense fallback={<p className="muted">Loading…</p>}>
        <SummaryView />
      </Suspense>
    </PageMain>
  );
}
