"use client";

import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { drillDownHref } from "@/lib/query/drill-down";
import styles from "./nav-links.module.css";

/** Events and Summary (for roles that may see it), carrying the view's filters from one to the other. */
export function NavLinks({ summary }: { summary: boolean }) {
  const pathname = usePathname();
  const params = new URLSearchParams(useSearchParams().toString());
  const links = [
    { path: "/", label: "Events" },
    ...(summary ? [{ path: "/summary", label: "Who did what" }] : []),
  ];
  return (
    <nav className={styles.nav} aria-label="Views">
      {links.map(({ path, label }) => (
        <Link
          key={path}
          href={drillDownHref(params, {}, path)}
          aria-current={pathname === path ? "page" : undefined}
          data-testid={`nav-${path === "/" ? "events" : "summary"}`}
        >
          {label}
        </Link>
      ))}
    </nav>
  );
}
