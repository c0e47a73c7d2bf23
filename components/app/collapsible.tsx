"use client";

import { type ReactNode, useId, useState } from "react";
import { cx } from "./class-names";
import styles from "./collapsible.module.css";

/**
 * A part of the page under its own h2 that folds away on a narrow screen: the
 * heading holds a disclosure button there (closed at first). Wider, the part
 * is always shown and the heading is for screen readers only. `below` is the
 * width under which it folds: a phone's, or where the page goes to one column.
 */
export function Collapsible({
  label,
  below,
  testId,
  children,
}: {
  label: string;
  below: "phone" | "one-column";
  testId: string;
  children: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <div
      className={cx(styles.collapsible, styles[below], open && styles.open)}
      data-testid={testId}
    >
      <h2 className={styles.heading}>
        {/* Wide: the heading is read, not shown, and there is no button. */}
        <span className={cx(styles.label, "visually-hidden")}>{label}</span>
        <button
          type="button"
          className={styles.toggle}
          aria-expanded={open}
          aria-controls={id}
          onClick={() => setOpen(!open)}
          data-testid={`${testId}-toggle`}
        >
          {label}
          <span aria-hidden="true">{open ? "▴" : "▾"}</span>
        </button>
      </h2>
      <div id={id} className={styles.content}>
        {children}
      </div>
    </div>
  );
}
