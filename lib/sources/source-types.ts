import type { Readable } from "node:stream";
import type { EventOrigin } from "../cloudtrail/event-schema";
import type { Problem } from "../cloudtrail/problem-schema";
import type { EventFilter, TimeRange } from "../query/event-query";

/**
 * What a load is for: a filter (sources that can narrow their reads use it:
 * LookupEvents attributes, S3 account and Region partitions) and, for a
 * permalink, the event's id.
 */
export type LoadScope = Partial<EventFilter> & { eventId?: string[] };

/** One trail file a source can read. */
export interface TrailFileRef {
  kind: EventOrigin["kind"];
  /** The configured source it belongs to (folder path, s3://bucket/prefix). */
  source: string;
  /** Path relative to the source: shown to users and kept in origins. */
  key: string;
  /** Changes when the content may have changed (size+mtime, ETag). */
  version: string;
  size: number;
  /** The event times the file can hold, when the source knows them exactly (LookupEvents windows). */
  timeWindow?: TimeRange;
  /** Files that hold everything this one does: when all are loaded at these versions, skip it. */
  coveredBy?: { key: string; version: string }[];
  /** A local file's path: the load workers read it themselves instead of `open()`. */
  path?: string;
  open(): Readable | AsyncIterable<Uint8Array>;
}

/** A digest file a source can read (lib/integrity): hourly, beside the trail's log files. */
export interface DigestRef {
  source: string;
  key: string;
  version: string;
  /** Its bytes as stored (gzip), and its signature (hex) when the source keeps one. */
  read(): Promise<{ bytes: Buffer; signature: string | null; noSignature: string }>;
}

export interface FilePlan {
  files: TrailFileRef[];
  /** The digest files of the range's delivery days, when the source lists them. */
  digests?: DigestRef[];
  /** Listing problems (unreadable folders, failed LIST calls). */
  problems: Problem[];
}

/** Where trail files come from: a local folder, an S3 bucket prefix. */
export interface TrailFileSource {
  kind: EventOrigin["kind"];
  /** Stable label, used as the origin's `source`. */
  id: string;
  /** How long a listing of a range stays fresh before it is listed again. */
  relistAfterMs: number;
  /** Calls made to a rate-limited API, for progress (LookupEvents). */
  readonly apiCalls?: { requests: number; throttled: number };
  /** Files read at once from this source (network sources want more than disks). */
  concurrency?: number;
  /**
   * Sources that can narrow their reads by the filter being viewed (LookupEvents
   * attributes) name the narrowing; loads of different variants run apart.
   */
  variantOf?(scope: LoadScope): string;
  planRange(range: TimeRange, scope?: LoadScope): Promise<FilePlan>;
}
