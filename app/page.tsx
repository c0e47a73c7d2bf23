import { Suspense } from "react";
import { EventsView } from "@/components/events/events-view";
import { currentIdentity } from "@/lib/auth/current-user";
import { canExport, canSummarize } from "@/lib/auth/roles";
import { PageMain } from "@/components/app/page-main";

export default async function EventsPage() {
  const identity = await currentIdentity();
  return (
    <PageMain>
      <Suspense fallback={<p className="muted">Loading…</p>}>
        <EventsView
          canExport={canExport(identity?.role ?? null)}
          canSummarize={canSummarize(identity?.role ?? null)}
        />
      </Suspense>
    </PageMain>
  );
}
