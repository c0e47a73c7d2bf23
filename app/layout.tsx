import Link from "next/link";
import type { Metadata } from "next";
import { Suspense, type ReactNode } from "react";
import { NavLinks } from "@/components/app/nav-links";
import { Providers } from "@/components/app/providers";
import { UserMenu } from "@/components/app/user-menu";
import { currentAuthMode, currentIdentity } from "@/lib/auth/current-user";
import { canSummarize } from "@/lib/auth/roles";
import "./globals.css";

export const metadata: Metadata = {
  title: "trailglass",
  description:
    "Read AWS CloudTrail: management, data, network activity and Insights events in one table.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Reading the request's headers renders every page per request, as the CSP nonce needs.
  const identity = await currentIdentity();
  const mode = await currentAuthMode();
  return (
    <html lang="en">
      <body>
        <header className="app-header">
          <Link className="brand" href="/">
            trailglass
          </Link>
          <span className="tagline">CloudTrail, all of it, in one table</span>
          <Suspense>
            <NavLinks summary={identity === null || canSummarize(identity.role)} />
          </Suspense>
          <UserMenu identity={identity} mode={mode} />
        </header>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
