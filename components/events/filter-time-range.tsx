"use client";

import type { SetValues } from "nuqs";
import { FieldError, invalidProps } from "./field-error";
import type { TimeRange } from "@/lib/query/event-query";
import { formatUtc, isoToInputValue, zoneLabel } from "./format";
import styles from "./filter-time-range.module.css";
import type { InvalidFields } from "./filter-text-fields";
import type { FilterState } from "./filter-values";
import type { eventsSearchParams } from "./search-params";

type SetState = SetValues<typeof eventsSearchParams>;

const MINUTE_MS = 60_000;
const RANGE_PRESETS = [
  { label: "15 min", ms: 15 * MINUTE_MS },
  { label: "1 h", ms: 60 * MINUTE_MS },
  { label: "24 h", ms: 24 * 60 * MINUTE_MS },
  { label: "7 d", ms: 7 * 24 * 60 * MINUTE_MS },
  { label: "30 d", ms: 30 * 24 * 60 * MINUTE_MS },
] as const;

/** From and to, in the page's zone, with the zone toggle and the recent-range presets. */
export function TimeRangeFields({
  state,
  setState,
  from,
  to,
  invalid,
  dataSpan,
}: {
  state: FilterState;
  setState: SetState;
  /** The range shown: the URL's, or else the server's default. */
  from: string | null;
  to: string | null;
  invalid: InvalidFields;
  /** Where the data lies, when it is a fixed set (the sample): the presets count back from its end. */
  dataSpan: TimeRange | null;
}) {
  return (
    <fieldset>
      <legend>
        Time range ({zoneLabel(state.tz)})
        <ZoneToggle state={state} setState={setState} />
      </legend>
      <label>
        From
        <input
          type="datetime-local"
          name="from"
          step={1}
          defaultValue={from ? isoToInputValue(from, state.tz) : ""}
          data-testid="filter-from"
          {...invalidProps("from", invalid.from)}
        />
        <FieldError name="from" message={invalid.from} />
      </label>
      <label>
        To
        <input
          type="datetime-local"
          name="to"
          step={1}
          defaultValue={to ? isoToInputValue(to, state.tz) : ""}
          data-testid="filter-to"
          {...invalidProps("to", invalid.to)}
        />
        <FieldError name="to" message={invalid.to} />
      </label>
      <RangePresets setState={setState} dataSpan={dataSpan} />
    </fieldset>
  );
}

/** UTC or local time, and times as time ago: how the page shows times (URL, not filters). */
function ZoneToggle({ state, setState }: { state: FilterState; setState: SetState }) {
  return (
    <span className={styles.zoneToggle} role="group" aria-label="Show times in">
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
        onClick={() => void setState({ times: state.times === "relative" ? null : "relative" })}
        data-testid="times-relative"
      >
        Relative
      </button>
    </span>
  );
}

/**
 * The last 15 minutes ... 30 days, written as exact times: up to now for
 * live sources (the last minutes of a trail that stopped delivering must
 * show empty), up to the data's last instant for a fixed set (the sample).
 */
function RangePresets({ setState, dataSpan }: { setState: SetState; dataSpan: TimeRange | null }) {
  const endLabel = dataSpan ? `the sample's end (${formatUtc(dataSpan.to)} UTC)` : "now";
  return (
    <span
      className={styles.presets}
      role="group"
      aria-label={dataSpan ? "Time ranges up to the sample's end" : "Recent time ranges"}
    >
      {dataSpan && <span className={styles.presetsEnd}>up to the sample&apos;s end:</span>}
      {RANGE_PRESETS.map(({ label, ms }) => (
        <button
          key={label}
          type="button"
          title={`The ${label} up to ${endLabel} (written as exact times, so a shared link shows the same events)`}
          onClick={() => {
            const end = dataSpan ? Date.parse(dataSpan.to) : Date.now();
            void setState({
              from: new Date(end - ms).toISOString(),
              to: new Date(end).toISOString(),
              event: null,
            });
          }}
          data-testid={`preset-${label.replace(/\s+/g, "")}`}
        >
          {label}
        </button>
      ))}
    </span>
  );
}
