import Link from "next/link";
import { Suspense } from "react";
import type { AuthMode } from "@/lib/auth/auth-config";
import type { Identity } from "@/lib/auth/request-auth";
import { canSummarize } from "@/lib/auth/roles";
import styles from "./app-header.module.css";
import { NavLinks } from "./nav-links";
import type { Theme } from "./theme";
import { ThemeToggle } from "./theme-toggle";
import { UserMenu } from "./user-menu";

/** The bar at the top of every page: the name, the views, the theme, who is signed in. */
export function AppHeader({
  identity,
  mode,
  theme,
}: {
  identity: Identity | null;
  mode: AuthMode;
  theme: Theme;
}) {
  return (
    <header className={styles.header}>
      <Link className={styles.brand} href="/">
        trailglass
      </Link>
      <span className={styles.tagline}>CloudTrail, all of it, in one table</span>
      <Suspense>
        <NavLinks summary={identity === null || canSummarize(identity.role)} />
      </Suspense>
      <ThemeToggle initial={theme} />
      <UserMenu identity={identity} mode={mode} />
    </header>
  );
}
