import Link from "next/link";
import type { Metadata } from "next";
import { currentIdentity } from "@/lib/auth/current-user";
import { PageMain } from "@/components/app/page-main";

export const metadata: Metadata = { title: "Not allowed" };

/** Where proxy.ts sends a page its role may not open (with HTTP 403). */
export default async function NotAllowedPage({
  searchParams,
}: {
  searchParams: Promise<{ path?: string }>;
}) {
  const identity = await currentIdentity();
  const { path } = await searchParams;
  return (
    <PageMain data-testid="not-allowed">
      <h1>Not allowed</h1>
      <p>
        {identity ? (
          <>
            Signed in as <strong>{identity.user}</strong> with the <strong>{identity.role}</strong>{" "}
            role, which does not open {path ? <code>{path}</code> : "this page"}.
          </>
        ) : (
          "Your role does not open this page."
        )}{" "}
        Ask an administrator for another role if you need it.
      </p>
      <p>
        <Link href="/">Back to the events</Link>
      </p>
    </PageMain>
  );
}
