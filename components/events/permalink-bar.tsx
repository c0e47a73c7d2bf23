"use client";

import { useState } from "react";
import type { EventRow } from "@/lib/cloudtrail/event-schema";
import { permalinkPath } from "@/lib/query/permalink";
import styles from "./permalink-bar.module.css";

/** The event's permalink: a link to copy or open, with the hints that find it again. */
export function PermalinkBar({ event }: { event: EventRow }) {
  const path = permalinkPath(event);
  const [copied, setCopied] = useState(false);
  return (
    <p className={styles.bar}>
      <a href={path} data-testid="permalink">
        Permalink
      </a>
      <button
        type="button"
        data-testid="copy-permalink"
        onClick={() => {
          void navigator.clipboard
            .writeText(new URL(path, window.location.origin).toString())
            .then(() => setCopied(true));
        }}
      >
        {copied ? "Link copied" : "Copy link"}
      </button>
    </p>
  );
}
