import { Suspense } from "react";
import { EventsView } from "@/components/events/events-view";
import { currentIdentity } from "@/lib/auth/current-user";
import { canExport } from "@/lib/auth/roles";

export default async function EventsPage() {
  const identity = await currentIdentity();
  return (
    <main className="events-page">
      <Suspense fallback={<p className="muted">Loading…</p>}>
        <EventsView canExport={canExport(identity?.role ?? null)} />
      </Suspense>
    </main>
  );
}
