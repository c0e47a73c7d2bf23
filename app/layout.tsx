import type { Metadata } from "next";
import { cookies } from "next/headers";
import type { ReactNode } from "react";
import { AppHeader } from "@/components/app/app-header";
import { Providers } from "@/components/app/providers";
import { SkipLinks } from "@/components/app/skip-links";
import { parseTheme, THEME_COOKIE, themeAttribute } from "@/components/app/theme";
import { currentAuthMode, currentIdentity } from "@/lib/auth/current-user";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "trailglass", template: "%s · trailglass" },
  description:
    "Read AWS CloudTrail: management, data, network activity and Insights events in one table.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Reading the request's headers renders every page per request, as the CSP nonce needs.
  const identity = await currentIdentity();
  const mode = await currentAuthMode();
  // The theme chosen in the header, rendered at once: no flash of the other theme.
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  return (
    <html lang="en" data-theme={themeAttribute(theme)}>
      <body>
        <SkipLinks />
        <AppHeader identity={identity} mode={mode} theme={theme} />
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
