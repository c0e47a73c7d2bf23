import { Suspense } from "react";
import type { Metadata } from "next";
import { SummaryView } from "@/components/summary/summary-view";
import { PageMain } from "@/components/app/page-main";
import { dataSpan } from "@/lib/data-span";

export const metadata: Metadata = { title: "Who did what" };

export default async function SummaryPage() {
  const span = await dataSpan();
  return (
    <PageMain>
      <Suspense fallback={<p className="muted">Loading…</p>}>
        <SummaryView dataSpan={span} />
      </Suspense>
    </PageMain>
  );
}
