"use client";

import { useRef } from "react";
import { useDismiss } from "../app/use-dismiss";
import { COLUMN_LABELS, DEFAULT_HIDDEN_COLUMNS } from "./columns";
import styles from "./column-chooser.module.css";
import { useColumnPrefs } from "./column-prefs";

const DEFAULTS = Object.fromEntries(DEFAULT_HIDDEN_COLUMNS.map((id) => [id, false]));

/** Which columns show (the defaults, then the user's choices) and their widths. */
export function useColumnVisibility() {
  const { prefs, setVisible, setWidths, reset } = useColumnPrefs();
  const visibility = { ...DEFAULTS, ...prefs.visible };
  return { visibility, widths: prefs.widths, setVisible, setWidths, reset };
}

/** The Columns menu: which columns show; "Default columns" also resets their widths. */
export function ColumnChooser() {
  const { visibility, setVisible, reset } = useColumnVisibility();
  const menu = useRef<HTMLDetailsElement>(null);
  useDismiss(menu);
  const shown = COLUMN_LABELS.filter((c) => visibility[c.id] !== false).length;
  return (
    <details ref={menu} className={styles.chooser} data-testid="column-chooser">
      <summary>
        Columns ({shown}/{COLUMN_LABELS.length})
      </summary>
      <div className={styles.menu}>
        {COLUMN_LABELS.map((c) => (
          <label key={c.id}>
            <input
              type="checkbox"
              checked={visibility[c.id] !== false}
              // Keep at least one column.
              disabled={shown === 1 && visibility[c.id] !== false}
              onChange={(e) => setVisible(c.id, e.target.checked)}
              data-testid={`column-${c.id}`}
            />
            {c.label}
          </label>
        ))}
        <p className={styles.hint}>Drag a column&apos;s right edge to widen it.</p>
        <button type="button" onClick={reset} data-testid="columns-reset">
          Default columns and widths
        </button>
      </div>
    </details>
  );
}
