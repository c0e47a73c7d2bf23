import Link from "next/link";
import type { Metadata } from "next";
import { PageMain } from "@/components/app/page-main";

export const metadata: Metadata = { title: "Page not found" };

/** Any address that is no page of trailglass (HTTP 404). */
export default function NotFound() {
  return (
    <PageMain data-testid="not-found">
      <h1>Page not found</h1>
      <p>
        trailglass has no page at this address. <Link href="/">Go to the events</Link>
      </p>
    </PageMain>
  );
}
