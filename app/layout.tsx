import type { Metadata } from "next";
import type { ReactNode } from "react";
import { AppHeader } from "@/components/app/app-header";
import { Providers } from "@/components/app/providers";
import { currentAuthMode, currentIdentity } from "@/lib/auth/current-user";
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
        <AppHeader identity={identity} mode={mode} />
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
