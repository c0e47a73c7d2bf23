"use client";

import { useCallback, useSyncExternalStore } from "react";
import { COLUMN_LABELS, DEFAULT_HIDDEN_COLUMNS } from "./columns";
import styles from "./column-chooser.module.css";

/**
 * Which table columns show, remembered in this browser (localStorage). Only the
 * user's choices are stored, so columns added later take their default.
 */

const STORAGE_KEY = "trailglass.columns";
const listeners = new Set<() => void>();

function readChoices(): string {
  try {
    return window.localStorage.getItem(STORAGE_KEY) ?? "{}";
  } catch (error) {
    // Storage can be disabled (privacy modes): the defaults still work.
    console.warn("Column choices cannot be read:", error);
    return "{}";
  }
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (e: StorageEvent) => e.key === STORAGE_KEY && listener();
  window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", onStorage);
  };
}

function parseChoices(text: string): Record<string, boolean> {
  try {
    const value = JSON.parse(text) as unknown;
    if (!value || typeof value !== "object" || Array.isArray(value)) return {};
    return Object.fromEntries(
      Object.entries(value).filter((e): e is [string, boolean] => typeof e[1] === "boolean"),
    );
  } catch (error) {
    console.warn("Stored column choices are not JSON; using the defaults:", error);
    return {};
  }
}

const DEFAULTS = Object.fromEntries(DEFAULT_HIDDEN_COLUMNS.map((id) => [id, false]));

export function useColumnVisibility() {
  const text = useSyncExternalStore(subscribe, readChoices, () => "{}");
  const visibility = { ...DEFAULTS, ...parseChoices(text) };
  const setVisible = useCallback((id: string, visible: boolean) => {
    const next = { ...parseChoices(readChoices()), [id]: visible };
    try {
      window.localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    } catch (error) {
      console.warn("Column choices cannot be saved:", error);
    }
    for (const listener of listeners) listener();
  }, []);
  const reset = useCallback(() => {
    try {
      window.localStorage.removeItem(STORAGE_KEY);
    } catch (error) {
      console.warn("Column choices cannot be reset:", error);
    }
    for (const listener of listeners) listener();
  }, []);
  return { visibility, setVisible, reset };
}

export function ColumnChooser() {
  const { visibility, setVisible, reset } = useColumnVisibility();
  const shown = COLUMN_LABELS.filter((c) => visibility[c.id] !== false).length;
  return (
    <details className={styles.chooser} data-testid="column-chooser">
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
        <button type="button" onClick={reset}>
          Default columns
        </button>
      </div>
    </details>
  );
}
