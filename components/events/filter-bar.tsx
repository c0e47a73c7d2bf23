"use client";

import Link from "next/link";
import type { SetValues, Values } from "nuqs";
import { useRef, type FormEvent } from "react";
import { EVENT_CATEGORIES } from "@/lib/cloudtrail/event-schema";
import type { TimeRange } from "@/lib/query/event-query";
import { inputValueToIso, isoToInputValue } from "./format";
import type { eventsSearchParams } from "./search-params";

type Params = typeof eventsSearchParams;

const TEXT_FILTERS = [
  { key: "eventName", label: "Event name", placeholder: "e.g. CreateUser, GetObject" },
  { key: "eventSource", label: "Event source", placeholder: "e.g. iam.amazonaws.com" },
  { key: "principal", label: "Principal", placeholder: "e.g. alice, root" },
  { key: "errorCode", label: "Error code", placeholder: "e.g. AccessDenied" },
] as const;

function splitValues(text: string): string[] {
  return text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * Time range, category and attribute filters. Comma-separated values are OR
 * within a field; fields AND together. Applying writes the URL.
 */
export function FilterBar({
  state,
  setState,
  range,
}: {
  state: Values<Params>;
  setState: SetValues<Params>;
  range: TimeRange | null;
}) {
  const form = useRef<HTMLFormElement>(null);
  const from = state.from ?? range?.from ?? null;
  const to = state.to ?? range?.to ?? null;

  function apply(event?: FormEvent) {
    event?.preventDefault();
    const data = new FormData(form.current ?? undefined);
    const text = (name: string) => String(data.get(name) ?? "");
    const nextFrom = inputValueToIso(text("from"));
    const nextTo = inputValueToIso(text("to"));
    // Keep the URL short: only write times the user changed (inputs hold seconds).
    const changed = (next: string | null, shown: string | null) =>
      next !== null && next.slice(0, 19) !== (shown ?? "").slice(0, 19);
    void setState({
      from: changed(nextFrom, from) ? nextFrom : state.from,
      to: changed(nextTo, to) ? nextTo : state.to,
      category: data.getAll("category").map(String),
      eventName: splitValues(text("eventName")),
      eventSource: splitValues(text("eventSource")),
      principal: splitValues(text("principal")),
      errorCode: splitValues(text("errorCode")),
      q: text("q").trim() || null,
      event: null,
    });
  }

  // Re-mount the inputs when the URL changes (back/forward), so they show it.
  const formKey = JSON.stringify({ ...state, event: null, from, to });

  return (
    <form ref={form} key={formKey} className="filter-bar" onSubmit={apply} data-testid="filters">
      <fieldset className="range">
        <legend>Time range (UTC)</legend>
        <label>
          From
          <input
            type="datetime-local"
            name="from"
            step={1}
            defaultValue={from ? isoToInputValue(from) : ""}
          />
        </label>
        <label>
          To
          <input
            type="datetime-local"
            name="to"
            step={1}
            defaultValue={to ? isoToInputValue(to) : ""}
          />
        </label>
      </fieldset>
      <fieldset className="categories">
        <legend>Category</legend>
        {EVENT_CATEGORIES.map((c) => (
          <label key={c} className="check">
            <input
              type="checkbox"
              name="category"
              value={c}
              defaultChecked={state.category.includes(c)}
              onChange={() => form.current?.requestSubmit()}
              data-testid={`category-${c}`}
            />
            {c}
          </label>
        ))}
      </fieldset>
      <div className="text-filters">
        {TEXT_FILTERS.map((f) => (
          <label key={f.key}>
            {f.label}
            <input
              type="text"
              name={f.key}
              placeholder={f.placeholder}
              defaultValue={state[f.key].join(", ")}
              data-testid={`filter-${f.key}`}
            />
          </label>
        ))}
        <label className="search">
          Search the whole record
          <input
            type="search"
            name="q"
            placeholder="any text: an IP, a key, a bucket…"
            defaultValue={state.q ?? ""}
            data-testid="filter-q"
          />
        </label>
      </div>
      <div className="actions">
        <button type="submit" data-testid="apply-filters">
          Apply
        </button>
        <Link href="/" className="reset">
          Reset
        </Link>
      </div>
    </form>
  );
}
