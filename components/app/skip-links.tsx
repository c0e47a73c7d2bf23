"use client";

import { usePathname } from "next/navigation";
import type { MouseEvent } from "react";
import { MAIN_ID } from "./page-main";
import styles from "./skip-links.module.css";

/** The events table's open or first row: where the keyboard moves through events. */
const EVENT_ROW = '[data-testid="event-row"][aria-selected="true"], [data-testid="event-row"]';

/**
 * The first Tab stops of every page, shown when focused: past the header to
 * the page, and on the events page past the filters to the table's rows.
 */
export function SkipLinks() {
  const pathname = usePathname();
  // Focus moves without a #fragment in the address (the view's URL stays the view's).
  const focus = (event: MouseEvent, selector: string) => {
    const target = document.querySelector<HTMLElement>(selector);
    if (!target) return;
    event.preventDefault();
    target.focus();
  };
  return (
    <div className={styles.links}>
      <a href={`#${MAIN_ID}`} onClick={(e) => focus(e, `#${MAIN_ID}`)} data-testid="skip-main">
        Skip to main content
      </a>
      {pathname === "/" && (
        <a href={`#${MAIN_ID}`} onClick={(e) => focus(e, EVENT_ROW)} data-testid="skip-table">
          Skip to the events table
        </a>
      )}
    </div>
  );
}
