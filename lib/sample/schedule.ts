import { SPAN_DAYS, SPAN_FROM_MS } from "./config";
import { Rng } from "./prng";
import { DAY, HOUR } from "./time";
import type { GeneratedEvent } from "./types";

/** A source of activity: how often its sessions start, and what one session does. */
export interface Actor {
  id: string;
  /** Mean number of sessions per day. */
  perDay: number;
  /** UTC hours [from, to) in which sessions start; wraps past midnight when from > to. */
  hours?: readonly [number, number];
  /** Fixed session start times instead of random ones. */
  at?: readonly number[];
  run: (rng: Rng, startMs: number, out: GeneratedEvent[], index: number) => void;
}

function startTime(rng: Rng, dayStart: number, hours?: readonly [number, number]): number {
  if (!hours) return dayStart + Math.floor(rng.next() * DAY);
  const [from, to] = hours;
  const width = to > from ? to - from : to + 24 - from;
  const offset = (from * HOUR + Math.floor(rng.next() * width * HOUR)) % DAY;
  return dayStart + offset;
}

/** Runs every actor over the span, each with its own random stream. */
export function runActors(actors: readonly Actor[]): GeneratedEvent[] {
  const out: GeneratedEvent[] = [];
  for (const actor of actors) {
    const rng = Rng.stream(`actor:${actor.id}`);
    if (actor.at) {
      actor.at.forEach((t, i) => actor.run(rng, t, out, i));
      continue;
    }
    for (let day = 0; day < SPAN_DAYS; day++) {
      const dayStart = SPAN_FROM_MS + day * DAY;
      const starts: number[] = [];
      const n = rng.count(actor.perDay);
      for (let i = 0; i < n; i++) starts.push(startTime(rng, dayStart, actor.hours));
      starts.sort((a, b) => a - b);
      starts.forEach((t, i) => actor.run(rng, t, out, i));
    }
  }
  return out;
}
