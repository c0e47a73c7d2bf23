import { Suspense } from "react";
import { EventsView } from "@/components/events/events-view";
import { currentIdentity } from "@/lib/auth/current-user";
import { canExport } from "@/lib/auth/roles";
import { getConfig } from "@/lib/config";
import { PageMain } from "@/components/app/page-main";

export default async function EventsPage() {
  const identity = await currentIdentity();
  return (
    <PageMain>
      <Suspense fallback={<p className="muted">Loading…</p>}>
        <EventsView
          canExport={canExport(identity?.role ?? null)}
          athenaConfigured={getConfig().TRAILGLASS_ATHENA !== null}
        />
      </Suspense>
    </PageMain>
  );
}
