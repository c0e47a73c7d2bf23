import { Suspense } from "react";
import { EventPermalink } from "@/components/events/event-permalink";

export const dynamic = "force-dynamic";

/** `/events/<eventId>?time=…&account=…&region=…&origin=…`: one event, found even by a fresh server. */
export default async function EventPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <Suspense fallback={<p className="muted">Loading event…</p>}>
      <EventPermalink id={decodeURIComponent(id)} />
    </Suspense>
  );
}
