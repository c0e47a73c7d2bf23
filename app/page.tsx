import { Suspense } from "react";
import { EventsView } from "@/components/events/events-view";

export default function EventsPage() {
  return (
    <main className="events-page">
      <Suspense fallback={<p className="muted">Loading…</p>}>
        <EventsView />
      </Suspense>
    </main>
  );
}
