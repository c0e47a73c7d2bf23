import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { ORGANIZATION_ID, type AccountId, type Region } from "./config";
import { ALNUM, Rng } from "./prng";
import { MINUTE, datePath, fileStamp } from "./time";
import type { GeneratedEvent, JsonObject } from "./types";

/**
 * Delivery: records are grouped into files per account, Region and 5-minute
 * window, delivered 5-15 minutes later (folder date and file name use the
 * delivery time), lightly shuffled; a few records arrive a window late and
 * ~0.5% are delivered twice.
 */

export type FileKind = "events" | "insights" | "digest";

export interface TrailFile {
  key: string;
  kind: FileKind;
  account: AccountId;
  region: Region;
  deliveryMs: number;
  records: JsonObject[];
}

export interface SerializedFile {
  key: string;
  kind: FileKind;
  account: AccountId;
  region: Region;
  deliveryMs: number;
  /** The uncompressed JSON text. */
  json: string;
  gzip: Buffer;
  /** Hex SHA-256 of the uncompressed file, as digests list it. */
  sha256: string;
  oldestEventTime: string | null;
  newestEventTime: string | null;
}

const WINDOW = 5 * MINUTE;
const DUPLICATE_SHARE = 0.005;

function logFileKey(
  rng: Rng,
  kind: "events" | "insights",
  account: AccountId,
  region: Region,
  deliveryMs: number,
): string {
  const folder = kind === "events" ? "CloudTrail" : "CloudTrail-Insight";
  return (
    `AWSLogs/${ORGANIZATION_ID}/${account}/${folder}/${region}/${datePath(deliveryMs)}/` +
    `${account}_${folder}_${region}_${fileStamp(deliveryMs)}_${rng.chars(ALNUM, 16)}.json.gz`
  );
}

/** Sorted by time, then a few neighbours swapped: files are not in order. */
function looselyOrdered(rng: Rng, events: GeneratedEvent[]): JsonObject[] {
  const records = events.map((e) => e.record);
  for (let n = Math.floor(records.length / 3); n > 0; n--) {
    const i = rng.int(0, records.length - 1);
    const j = Math.min(records.length - 1, i + rng.int(1, 3));
    const a = records[i] as JsonObject;
    records[i] = records[j] as JsonObject;
    records[j] = a;
  }
  return records;
}

export interface Delivery {
  files: TrailFile[];
  duplicateRecords: number;
}

export function deliver(all: readonly GeneratedEvent[]): Delivery {
  const rng = Rng.stream("delivery");
  const sorted = all.map((e, i) => ({ e, i })).sort((a, b) => a.e.timeMs - b.e.timeMs || a.i - b.i);
  const groups = new Map<
    string,
    { window: number; account: AccountId; region: Region; events: GeneratedEvent[] }
  >();
  const files: TrailFile[] = [];

  for (const { e } of sorted) {
    if (e.insight) {
      const deliveryMs = e.timeMs + rng.int(8 * 60, 25 * 60) * 1000;
      files.push({
        key: logFileKey(rng, "insights", e.account, e.region, deliveryMs),
        kind: "insights",
        account: e.account,
        region: e.region,
        deliveryMs,
        records: [e.record],
      });
      continue;
    }
    const late = rng.chance(0.015) ? rng.int(1, 3) : 0;
    const window = Math.floor(e.timeMs / WINDOW) + late;
    const id = `${window}|${e.account}|${e.region}`;
    let group = groups.get(id);
    if (!group) {
      group = { window, account: e.account, region: e.region, events: [] };
      groups.set(id, group);
    }
    group.events.push(e);
  }

  const ordered = [...groups.values()].sort(
    (a, b) =>
      a.window - b.window || a.account.localeCompare(b.account) || a.region.localeCompare(b.region),
  );
  for (const g of ordered) {
    const deliveryMs = (g.window + 1) * WINDOW + rng.int(5 * 60, 15 * 60) * 1000;
    const parts = g.events.length > 30 && rng.chance(0.3) ? 2 : 1;
    const size = Math.ceil(g.events.length / parts);
    for (let p = 0; p < parts; p++) {
      const slice = g.events.slice(p * size, (p + 1) * size);
      files.push({
        key: logFileKey(rng, "events", g.account, g.region, deliveryMs),
        kind: "events",
        account: g.account,
        region: g.region,
        deliveryMs,
        records: looselyOrdered(rng, slice),
      });
    }
  }
  files.sort((a, b) => a.deliveryMs - b.deliveryMs || a.key.localeCompare(b.key));
  return { files, duplicateRecords: addDuplicates(rng, files) };
}

/** At-least-once delivery: copies ~0.5% of records into a later file of the same account and Region. */
function addDuplicates(rng: Rng, files: TrailFile[]): number {
  const byStream = new Map<string, TrailFile[]>();
  for (const f of files) {
    if (f.kind !== "events") continue;
    const id = `${f.account}|${f.region}`;
    const list = byStream.get(id);
    if (list) list.push(f);
    else byStream.set(id, [f]);
  }
  const copies: [TrailFile, JsonObject][] = [];
  for (const stream of [...byStream.keys()].sort()) {
    const list = byStream.get(stream) ?? [];
    list.forEach((file, index) => {
      for (const record of file.records) {
        if (typeof record.eventID !== "string" || !rng.chance(DUPLICATE_SHARE)) continue;
        const later = list[index + rng.int(1, 6)];
        if (later) copies.push([later, record]);
      }
    });
  }
  for (const [file, record] of copies)
    file.records.splice(rng.int(0, file.records.length), 0, record);
  return copies.length;
}

function eventTimes(records: readonly JsonObject[]): [string | null, string | null] {
  let oldest: string | null = null;
  let newest: string | null = null;
  for (const r of records) {
    const t = r.eventTime;
    if (typeof t !== "string") continue;
    if (oldest === null || t < oldest) oldest = t;
    if (newest === null || t > newest) newest = t;
  }
  return [oldest, newest];
}

export function serialize(file: TrailFile): SerializedFile {
  const json = JSON.stringify({ Records: file.records });
  return serializeJson(file, json, ...eventTimes(file.records));
}

export function serializeJson(
  file: Omit<TrailFile, "records">,
  json: string,
  oldest: string | null,
  newest: string | null,
): SerializedFile {
  return {
    key: file.key,
    kind: file.kind,
    account: file.account,
    region: file.region,
    deliveryMs: file.deliveryMs,
    json,
    gzip: gzipSync(Buffer.from(json, "utf8"), { level: 9 }),
    sha256: createHash("sha256").update(json, "utf8").digest("hex"),
    oldestEventTime: oldest,
    newestEventTime: newest,
  };
}
