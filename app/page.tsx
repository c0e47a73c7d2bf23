import { Suspense } from "react";
import { EventsView } from "@/components/events/events-view";
import { currentIdentity } from "@/lib/auth/current-user";
import { canExport } from "@/lib/auth/roles";
import { PageMain } from "@/components/app/page-main";
import { dataSpan } from "@/lib/data-span";

export default async function EventsPage() {
  const identity = await currentIdentity();
  const span = await dataSpan();
  return (
    <PageMain>
      <Suspense fallback={<p className="muted">Loading…</p>}>
        <EventsView canExport={canExport(identity?.role ?? null)} dataSpan={span} />
      </Suspense>
    </PageMain>
  );
}
