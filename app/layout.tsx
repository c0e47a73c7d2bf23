import Link from "next/link";
import type { Metadata } from "next";
import { Suspense, type ReactNode } from "react";
import { NavLinks } from "@/components/app/nav-links";
import { Providers } from "@/components/app/providers";
import "./globals.css";

export const metadata: Metadata = {
  title: "trailglass",
  description:
    "Read AWS CloudTrail: management, data, network activity and Insights events in one table.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="app-header">
          <Link className="brand" href="/">
            trailglass
          </Link>
          <span className="tagline">CloudTrail, all of it, in one table</span>
          <Suspense>
            <NavLinks />
          </Suspense>
        </header>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
