"use client";

import { useState } from "react";
import { JsonTree } from "./json-tree";
import styles from "./record-json.module.css";

/** The whole record: a tree, or the JSON text; either way it can be copied. */
export function RecordJson({ record }: { record: Record<string, unknown> }) {
  const text = JSON.stringify(record, null, 2);
  const [copied, setCopied] = useState(false);
  const [asText, setAsText] = useState(false);
  return (
    <section className={styles.record}>
      <div className={styles.bar}>
        <h3>Record</h3>
        <span className={styles.actions}>
          <button
            type="button"
            aria-pressed={asText}
            onClick={() => setAsText((v) => !v)}
            data-testid="record-as-text"
          >
            {asText ? "Show as tree" : "Show as text"}
          </button>
          <button
            type="button"
            onClick={() => {
              void navigator.clipboard.writeText(text).then(() => setCopied(true));
            }}
          >
            {copied ? "Copied" : "Copy JSON"}
          </button>
        </span>
      </div>
      {asText ? <pre data-testid="record-json">{text}</pre> : <JsonTree value={record} />}
    </section>
  );
}
