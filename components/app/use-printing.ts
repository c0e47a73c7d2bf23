"use client";

import { useEffect, useState } from "react";
import { flushSync } from "react-dom";

/**
 * Whether the page is being printed (or shown as printed). Set synchronously
 * on `beforeprint`: the browser lays the page out for paper right after it,
 * so what depends on it (the charts' widths) must be rendered by then.
 */
export function usePrinting(): boolean {
  const [printing, setPrinting] = useState(false);
  useEffect(() => {
    const print = window.matchMedia("print");
    const set = (on: boolean) => flushSync(() => setPrinting(on));
    const before = () => set(true);
    const after = () => set(print.matches);
    const change = (event: MediaQueryListEvent) => set(event.matches);
    window.addEventListener("beforeprint", before);
    window.addEventListener("afterprint", after);
    print.addEventListener("change", change);
    return () => {
      window.removeEventListener("beforeprint", before);
      window.removeEventListener("afterprint", after);
      print.removeEventListener("change", change);
    };
  }, []);
  return printing;
}
