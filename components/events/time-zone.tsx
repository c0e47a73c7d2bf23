"use client";

import { createContext, useContext, useEffect, useState } from "react";
import { formatRelative, formatTime, type TimeZoneMode, zoneLabel } from "./format";

/** The zone the page shows times in (`tz` in the URL). */
export const TimeZoneContext = createContext<TimeZoneMode>("utc");
/** Whether the table shows times as "5 min ago" (`times=relative` in the URL). */
export const RelativeTimeContext = createContext(false);

export function useTimeZone(): TimeZoneMode {
  return useContext(TimeZoneContext);
}

/** The current time, refreshed every 30 s while relative times show. */
function useNow(enabled: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!enabled) return;
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, [enabled]);
  return now;
}

/** An event time in the page's zone (or relative to now); the exact instant is in its tooltip. */
export function EventTime({ iso }: { iso: string }) {
  const zone = useTimeZone();
  const relative = useContext(RelativeTimeContext);
  const now = useNow(relative);
  const absolute = formatTime(iso, zone);
  return (
    <time
      dateTime={iso}
      title={relative ? `${absolute} ${zoneLabel(zone)} (${iso})` : `${iso} (UTC)`}
    >
      {relative ? formatRelative(iso, now) : absolute}
    </time>
  );
}

export function TimeColumnHeader() {
  const relative = useContext(RelativeTimeContext);
  const zone = useTimeZone();
  return <>Time ({relative ? "relative" : zoneLabel(zone)})</>;
}
