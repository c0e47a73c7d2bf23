"use client";

import { createContext, useContext } from "react";
import { formatTime, type TimeZoneMode, zoneLabel } from "./format";

/** The zone the page shows times in (`tz` in the URL). */
export const TimeZoneContext = createContext<TimeZoneMode>("utc");

export function useTimeZone(): TimeZoneMode {
  return useContext(TimeZoneContext);
}

/** An event time in the page's zone; the exact UTC instant is in its tooltip. */
export function EventTime({ iso }: { iso: string }) {
  const zone = useTimeZone();
  return (
    <time dateTime={iso} title={`${iso} (UTC)`}>
      {formatTime(iso, zone)}
    </time>
  );
}

export function TimeColumnHeader() {
  return <>Time ({zoneLabel(useTimeZone())})</>;
}
