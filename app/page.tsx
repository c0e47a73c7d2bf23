import type { Metadata } from "next";
import { Suspense } from "react";
import { EventsView } from "@/components/events/events-view";
import { currentIdentity } from "@/lib/auth/current-user";
import { canExport, canSummarize } from "@/lib/auth/roles";
import { getConfig } from "@/lib/config";
import { PageMain } from "@/components/app/page-main";
import { dataSpan } from "@/lib/data-span";

// The root layout's title template is for the pages below it: this one is written whole.
export const metadata: Metadata = { title: { absolute: "Events · trailglass" } };

export default async function EventsPage() {
  const identity = await currentIdentity();
  const span = await dataSpan();
  return (
    <PageMain>
      <h1 className="visually-hidden">Events</h1>
      <Suspense fallback={<p className="muted">Loading…</p>}>
        <EventsView
          canExport={canExport(identity?.role ?? null)}
          canSummarize={canSummarize(identity?.role ?? null)}
          athenaConfigured={getConfig().TRAILGLASS_ATHENA !== null}
          dataSpan={span}
        />
      </Suspense>
    </PageMain>
  );
}
