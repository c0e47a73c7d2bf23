"use client";

import { type RefObject, useEffect, useRef } from "react";

/** The table's row of an event, when it is on screen. */
function eventRow(id: string): HTMLElement | null {
  return document.querySelector<HTMLElement>(`tr[data-event-id="${CSS.escape(id)}"]`);
}

/**
 * Focus for the event detail: into it when it opens, and when it closes back
 * to the row of the event it showed last (or where focus was before), unless
 * the user has already put focus somewhere else (a filter that closed it).
 */
export function useDialogFocus(dialog: RefObject<HTMLElement | null>, id: string): void {
  const shown = useRef(id);
  useEffect(() => {
    shown.current = id;
  }, [id]);
  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.current?.focus();
    return () => {
      // The dialog is gone: focus it held fell to <body>.
      const active = document.activeElement;
      if (active && active !== document.body) return;
      (eventRow(shown.current) ?? before)?.focus();
    };
  }, [dialog]);
}
