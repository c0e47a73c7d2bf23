"use client";

import Link from "next/link";
import type { SetValues, Values } from "nuqs";
import { useRef, type FormEvent } from "react";
import { EVENT_CATEGORIES, FILTER_BAR_FIELDS, type ListField } from "@/lib/cloudtrail/fields";
import { ERROR_STATES, type TimeRange } from "@/lib/query/event-query";
import { inputValueToIso, isoToInputValue, zoneLabel } from "./format";
import type { eventsSearchParams } from "./search-params";

type Params = typeof eventsSearchParams;

type TextField = Exclude<ListField, "category">;

const MINUTE_MS = 60_000;
const RANGE_PRESETS = [
  { label: "15 min", ms: 15 * MINUTE_MS },
  { label: "1 h", ms: 60 * MINUTE_MS },
  { label: "24 h", ms: 24 * 60 * MINUTE_MS },
  { label: "7 d", ms: 7 * 24 * 60 * MINUTE_MS },
  { label: "30 d", ms: 30 * 24 * 60 * MINUTE_MS },
] as const;

/** The text inputs (lib/cloudtrail/fields.ts); category is a row of checkboxes. */
const TEXT_FILTERS = FILTER_BAR_FIELDS as readonly {
  key: TextField;
  label: string;
  placeholder: string;
  more: boolean;
}[];

/** `a, !b` -> included [a], excluded [b]. */
function splitValues(text: string): { include: string[]; exclude: string[] } {
  const values = text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  return {
    include: values.filter((v) => !v.startsWith("!")),
    exclude: values
      .filter((v) => v.startsWith("!"))
      .map((v) => v.slice(1).trim())
      .filter(Boolean),
  };
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
    const nextFrom = inputValueToIso(text("from"), state.tz);
    const nextTo = inputValueToIso(text("to"), state.tz);
    // Keep the URL short: only write times the user changed (inputs hold seconds).
    const changed = (next: string | null, shown: string | null) =>
      next !== null && next.slice(0, 19) !== (shown ?? "").slice(0, 19);
    const lists: Partial<Record<TextField | `-${TextField}`, string[]>> = {};
    for (const { key } of TEXT_FILTERS) {
      const { include, exclude } = splitValues(text(key));
      lists[key] = include;
      lists[`-${key}`] = exclude;
    }
    void setState({
      from: changed(nextFrom, from) ? nextFrom : state.from,
      to: changed(nextTo, to) ? nextTo : state.to,
      category: data.getAll("category").map(String),
      ...lists,
      error: ERROR_STATES.find((s) => s === text("error")) ?? null,
      readOnly: (["true", "false"] as const).find((s) => s === text("readOnly")) ?? null,
      crossAccount: (["true", "false"] as const).find((s) => s === text("crossAccount")) ?? null,
      q: text("q").trim() || null,
      event: null,
    });
  }

  const moreOpen =
    TEXT_FILTERS.some(
      (f) => f.more && (state[f.key].length > 0 || state[`-${f.key}`].length > 0),
    ) || Boolean(state.error || state.readOnly || state.crossAccount);
  // Re-mount the inputs when the URL changes (back/forward), so they show it.
  const formKey = JSON.stringify({ ...state, event: null, from, to });

  return (
    <form ref={form} key={formKey} className="filter-bar" onSubmit={apply} data-testid="filters">
      <fieldset className="range">
        <legend>
          Time range ({zoneLabel(state.tz)})
          <span className="zone-toggle" role="group" aria-label="Show times in">
            {(["utc", "local"] as const).map((zone) => (
              <button
                key={zone}
                type="button"
                aria-pressed={state.tz === zone}
                onClick={() => void setState({ tz: zone })}
                data-testid={`tz-${zone}`}
              >
                {zone === "utc" ? "UTC" : "Local"}
              </button>
            ))}
            <button
              type="button"
              aria-pressed={state.times === "relative"}
              title="Show the table's times as time ago (the exact time stays in each tooltip)"
              onClick={() =>
                void setState({ times: state.times === "relative" ? null : "relative" })
              }
              data-testid="times-relative"
            >
              Relative
            </button>
          </span>
        </legend>
        <label>
          From
          <input
            type="datetime-local"
            name="from"
            step={1}
            defaultValue={from ? isoToInputValue(from, state.tz) : ""}
          />
        </label>
        <label>
          To
          <input
            type="datetime-local"
            name="to"
            step={1}
            defaultValue={to ? isoToInputValue(to, state.tz) : ""}
          />
        </label>
        <span className="presets" role="group" aria-label="Recent time ranges">
          {RANGE_PRESETS.map(({ label, ms }) => (
            <button
              key={label}
              type="button"
              title={`The ${label} up to now (written as exact times, so a shared link shows the same events)`}
              onClick={() => {
                const now = Date.now();
                void setState({
                  from: new Date(now - ms).toISOString(),
                  to: new Date(now).toISOString(),
                  event: null,
                });
              }}
              data-testid={`preset-${label.replace(/\s+/g, "")}`}
            >
              {label}
            </button>
          ))}
        </span>
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
        {TEXT_FILTERS.filter((f) => !f.more).map((f) => (
          <TextFilter key={f.key} filter={f} state={state} />
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
      <details className="more-filters" open={moreOpen} data-testid="more-filters">
        <summary>More filters</summary>
        <div className="text-filters">
          {TEXT_FILTERS.filter((f) => f.more).map((f) => (
            <TextFilter key={f.key} filter={f} state={state} />
          ))}
          <label>
            Result
            <select name="error" defaultValue={state.error ?? ""} data-testid="filter-error">
              <option value="">Any result</option>
              <option value="any">Failed calls</option>
              <option value="none">Successful calls</option>
            </select>
          </label>
          <label>
            Reads or changes
            <select
              name="readOnly"
              defaultValue={state.readOnly ?? ""}
              data-testid="filter-readOnly"
            >
              <option value="">Both</option>
              <option value="false">Changes (not read-only)</option>
              <option value="true">Reads (read-only)</option>
            </select>
          </label>
          <label>
            Caller
            <select
              name="crossAccount"
              defaultValue={state.crossAccount ?? ""}
              data-testid="filter-crossAccount"
            >
              <option value="">Any account</option>
              <option value="true">From another account</option>
              <option value="false">From the same account</option>
            </select>
          </label>
        </div>
        <p className="hint">Separate values with commas; start a value with ! to exclude it.</p>
      </details>
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

/** One comma-separated field: included values, then excluded ones with a leading `!`. */
function TextFilter({
  filter,
  state,
}: {
  filter: (typeof TEXT_FILTERS)[number];
  state: Values<Params>;
}) {
  const shown = [...state[filter.key], ...state[`-${filter.key}`].map((v) => `!${v}`)];
  return (
    <label>
      {filter.label}
      <input
        type="text"
        name={filter.key}
        placeholder={filter.placeholder}
        defaultValue={shown.join(", ")}
        data-testid={`filter-${filter.key}`}
      />
    </label>
  );
}
