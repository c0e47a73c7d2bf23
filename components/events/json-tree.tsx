"use client";

import { useState } from "react";
import { cx } from "../app/class-names";
import styles from "./json-tree.module.css";

/**
 * A record as collapsible JSON. Every key and value is rendered as text
 * (JSON-quoted for strings): record content is hostile and never becomes markup.
 */

type Expansion = "default" | "all" | "none";

/** Large branches start closed so a record with a 5,000-item list stays readable. */
const OPEN_BY_DEFAULT_MAX_ITEMS = 25;

function isOpen(expansion: Expansion, depth: number, size: number): boolean {
  if (expansion === "all") return true;
  if (expansion === "none") return depth === 0;
  return depth === 0 || (depth < 4 && size <= OPEN_BY_DEFAULT_MAX_ITEMS);
}

/** Colours by JSON type. */
const SCALAR_CLASS: Partial<Record<string, string>> = {
  string: styles.string,
  number: styles.number,
  boolean: styles.boolean,
  null: styles.null,
};

function Scalar({ value }: { value: unknown }) {
  const kind = value === null ? "null" : typeof value;
  return <span className={SCALAR_CLASS[kind]}>{JSON.stringify(value)}</span>;
}

function JsonNode({
  label,
  value,
  depth,
  expansion,
  last,
}: {
  label: string | null;
  value: unknown;
  depth: number;
  expansion: Expansion;
  last: boolean;
}) {
  const comma = last ? "" : ",";
  const key = label !== null && <span className={styles.key}>{JSON.stringify(label)}: </span>;
  if (value === null || typeof value !== "object") {
    return (
      <div className={styles.line}>
        {key}
        <Scalar value={value} />
        {comma}
      </div>
    );
  }
  const isArray = Array.isArray(value);
  const entries: [string, unknown][] = isArray
    ? (value as unknown[]).map((v, i) => [String(i), v])
    : Object.entries(value as Record<string, unknown>);
  const [open, close] = isArray ? ["[", "]"] : ["{", "}"];
  if (entries.length === 0) {
    return (
      <div className={styles.line}>
        {key}
        {open}
        {close}
        {comma}
      </div>
    );
  }
  const size = `${entries.length} ${isArray ? (entries.length === 1 ? "item" : "items") : entries.length === 1 ? "key" : "keys"}`;
  return (
    // json-branch and json-children: the e2e tests find nested branches by them.
    <details
      className={cx(styles.branch, "json-branch")}
      open={isOpen(expansion, depth, entries.length)}
    >
      <summary>
        {key}
        {open}
        <span className={styles.collapsed}>
          {" "}
          … {size} {close}
          {comma}
        </span>
      </summary>
      <div className={cx(styles.children, "json-children")}>
        {entries.map(([k, v], i) => (
          <JsonNode
            key={k}
            label={isArray ? null : k}
            value={v}
            depth={depth + 1}
            expansion={expansion}
            last={i === entries.length - 1}
          />
        ))}
      </div>
      <div className={styles.line}>
        {close}
        {comma}
      </div>
    </details>
  );
}

export function JsonTree({ value }: { value: unknown }) {
  const [expansion, setExpansion] = useState<Expansion>("default");
  const [generation, setGeneration] = useState(0);
  const expand = (next: Expansion) => {
    setExpansion(next);
    // Re-mount so every branch takes the new initial state, whatever the user toggled.
    setGeneration((g) => g + 1);
  };
  return (
    <div className={styles.tree} data-testid="record-tree">
      <div className={styles.actions}>
        <button type="button" onClick={() => expand("all")}>
          Expand all
        </button>
        <button type="button" onClick={() => expand("none")}>
          Collapse all
        </button>
      </div>
      <div key={generation}>
        <JsonNode label={null} value={value} depth={0} expansion={expansion} last />
      </div>
    </div>
  );
}
