import type { Metadata } from "next";
import { Suspense } from "react";
import { PageMain } from "@/components/app/page-main";
import { EventPermalink } from "@/components/events/event-permalink";
import { eventPageTitle } from "@/components/events/event-title";
import { isEventIdParam, parsePermalinkHints } from "@/lib/query/permalink";
import { getEventById } from "@/lib/store/event-by-id";
import { getTrailglass } from "@/lib/trailglass";

export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/**
 * The tab names the event when the store holds it (what, who, when); an event
 * a fresh server has still to find is named by its ID.
 */
export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const id = decodeURIComponent((await params).id);
  if (!isEventIdParam(id)) return { title: eventPageTitle(null, id) };
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(await searchParams)) {
    if (typeof value === "string") query.set(key, value);
  }
  const hints = parsePermalinkHints(query);
  try {
    const app = await getTrailglass();
    const event = await getEventById(app.store, id, hints.ok ? hints.value.time : undefined);
    return { title: eventPageTitle(event, id) };
  } catch (error) {
    // The page's own request for the event shows what failed; the tab keeps the ID.
    console.error("Naming the event page:", error);
    return { title: eventPageTitle(null, id) };
  }
}

/** `/events/<eventId>?time=…&account=…&region=…&origin=…`: one event, found even by a fresh server. */
export default async function EventPage({ params }: Props) {
  const { id } = await params;
  return (
    <PageMain>
      <Suspense fallback={<p className="muted">Loading event…</p>}>
        <EventPermalink id={decodeURIComponent(id)} />
      </Suspense>
    </PageMain>
  );
}
