"use client";

import { useCallback, useMemo, useSyncExternalStore } from "react";

/**
 * The table's columns as this browser's user set them: which show, and the
 * widths they were dragged to (px), kept together in localStorage and reset
 * together. Only the user's choices are stored, so columns added later take
 * their defaults.
 */

const STORAGE_KEY = "trailglass.columns";
const listeners = new Set<() => void>();

export interface ColumnPrefs {
  /** Column id -> shown; absent: its default. */
  visible: Record<string, boolean>;
  /** Column id -> width in px; absent: its default. */
  widths: Record<string, number>;
}

function readStored(): string {
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

function entriesOf<T>(value: unknown, keep: (v: unknown) => v is T): Record<string, T> {
  if (!value || typeof value !== "object" || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, T] => keep(e[1])));
}

const isBoolean = (v: unknown): v is boolean => typeof v === "boolean";
const isWidth = (v: unknown): v is number => typeof v === "number" && v > 0 && v < 5000;

/** The stored text as prefs; the first format (a map of booleans) is read as visibility. */
export function parseColumnPrefs(text: string): ColumnPrefs {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    console.warn("Stored column choices are not JSON; using the defaults:", error);
    return { visible: {}, widths: {} };
  }
  const stored = value as Partial<Record<keyof ColumnPrefs, unknown>> | null;
  if (stored && typeof stored === "object" && ("visible" in stored || "widths" in stored)) {
    return {
      visible: entriesOf(stored.visible, isBoolean),
      widths: entriesOf(stored.widths, isWidth),
    };
  }
  return { visible: entriesOf(value, isBoolean), widths: {} };
}

function write(next: ColumnPrefs | null): void {
  try {
    if (next) window.localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    else window.localStorage.removeItem(STORAGE_KEY);
  } catch (error) {
    console.warn("Column choices cannot be saved:", error);
  }
  for (const listener of listeners) listener();
}

/** The prefs, and setters that store them (every table and chooser on the page follows). */
export function useColumnPrefs() {
  const text = useSyncExternalStore(subscribe, readStored, () => "{}");
  const prefs = useMemo(() => parseColumnPrefs(text), [text]);
  const setVisible = useCallback((id: string, visible: boolean) => {
    const stored = parseColumnPrefs(readStored());
    write({ ...stored, visible: { ...stored.visible, [id]: visible } });
  }, []);
  const setWidths = useCallback((widths: Record<string, number>) => {
    const stored = parseColumnPrefs(readStored());
    write({ ...stored, widths: entriesOf(widths, isWidth) });
  }, []);
  const reset = useCallback(() => write(null), []);
  return { prefs, setVisible, setWidths, reset };
}
