import { type EventFieldSpec, STORED_FIELDS } from "../cloudtrail/fields";
import { fileIntegritySql } from "./file-integrity-sql";

/**
 * The store's tables. One row per distinct event (keyed by eventID), holding
 * what queries filter, sort, group and show; the record itself stays in the
 * bytes of the file it came from, kept as read in the store's packs
 * (lib/store/packs.ts): an event names its file and its index there. Every
 * other delivery of an event is a row of `event_copies`, so an event's
 * origins are its file and its copies' files. `files` makes loading
 * idempotent across restarts.
 */
/**
 * Bump when the tables or the normalized values change (e.g. how a field is
 * derived): stores of another version are rebuilt from the sources.
 */
export const SCHEMA_VERSION = 12;

const SQL_TYPE: Record<EventFieldSpec["type"], string> = {
  text: "VARCHAR",
  time: "TIMESTAMP",
  boolean: "BOOLEAN",
};

/** The DDL lines of stored fields' columns (lib/cloudtrail/fields.ts), each ending with a comma. */
function columnsSql(fields: readonly (EventFieldSpec & { column: string })[]): string {
  return fields
    .map((f) => `  ${f.column} ${SQL_TYPE[f.type]}${f.nullable ? "" : " NOT NULL"},`)
    .join("\n");
}

const COUNTED_STORED = STORED_FIELDS.filter((f) => f.counted);

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS store_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);

-- Every read of a trail file. A file read again (it changed, or its last read stopped
-- early) gets a new id; the older reads are marked replaced: no longer an origin, though
-- records of theirs may still be read from their bytes.
CREATE TABLE IF NOT EXISTS files (
  file_id INTEGER NOT NULL,
  kind VARCHAR NOT NULL,
  source VARCHAR NOT NULL,
  key VARCHAR NOT NULL,
  -- size+mtime for local files, the ETag for S3: the same version is not read again.
  version VARCHAR NOT NULL,
  format VARCHAR NOT NULL,
  records INTEGER NOT NULL,
  bytes BIGINT NOT NULL,
  -- false: reading stopped on an I/O failure; the next load reads the file again.
  complete BOOLEAN NOT NULL,
  replaced BOOLEAN NOT NULL,
  -- where the file's bytes, as read, are kept (NULL: it delivered no record).
  pack VARCHAR,
  pack_offset BIGINT,
  pack_length BIGINT,
  loaded_at TIMESTAMP NOT NULL,
  -- hex SHA-256 of the file's uncompressed content, as digests list it (NULL: not hashed,
  -- or not read whole).
  sha256 VARCHAR
);

CREATE TABLE IF NOT EXISTS events (
${columnsSql(STORED_FIELDS)}
  -- source_ip as a 128-bit number (IPv4 mapped into IPv6), for CIDR filters; NULL when not an IP.
  source_ip_num UHUGEINT,
  -- made from the AWS console (lib/cloudtrail/console.ts); derived, not part of the wire row.
  from_console BOOLEAN NOT NULL,
  -- each resource's ARN (or its label when it has none), and its readable label.
  resource_names VARCHAR[] NOT NULL,
  resource_labels VARCHAR[] NOT NULL,
  -- the record's values, lowercased, for free text (lib/cloudtrail/search-text.ts). Stored
  -- uncompressed: compressing it was a quarter of a load's writing, and a scan reads it as fast.
  search VARCHAR NOT NULL USING COMPRESSION uncompressed,
  -- the record's content hash (lib/cloudtrail/content-hash.ts): two deliveries of one eventID
  -- that differ are a conflict. NULL for Event history, whose records are not compared.
  content_hash BIGINT,
  -- where the record is: its file's read and its index among the file's items.
  file_id INTEGER NOT NULL,
  record_index INTEGER NOT NULL
);

-- Every delivery of an event but the one in its row (CloudTrail delivers some twice).
CREATE TABLE IF NOT EXISTS event_copies (
  event_id VARCHAR NOT NULL,
  -- The event's time: looking up a page's copies then reads only the row groups of its time span.
  event_time TIMESTAMP NOT NULL,
  file_id INTEGER NOT NULL,
  record_index INTEGER NOT NULL,
  content_hash BIGINT
);

-- Events whose deliveries differ in content (the same eventID, another record): listed as
-- problems naming the files (lib/store/conflicting-copies.ts). Real CloudTrail never does
-- this; an edited or forged file does.
CREATE TABLE IF NOT EXISTS conflicting_events (
  event_id VARCHAR NOT NULL,
  event_time TIMESTAMP NOT NULL,
  found_at TIMESTAMP NOT NULL
);

-- Events counted per hour and per combination of the attributes below (all but the
-- high-cardinality ones: principal, IP, user agent, access key, resources), written with
-- the events they count: counts, facets and summaries over whole hours read these rows
-- instead of every event (lib/store/counted-events.ts).
CREATE TABLE IF NOT EXISTS event_counts (
  hour TIMESTAMP NOT NULL,
${columnsSql(COUNTED_STORED)}
  from_console BOOLEAN NOT NULL,
  n BIGINT NOT NULL,
  first_time TIMESTAMP NOT NULL,
  last_time TIMESTAMP NOT NULL
);

-- The files read whole at their latest version (what a load does not read again).
CREATE VIEW IF NOT EXISTS loaded_files AS
  SELECT * FROM files WHERE complete AND NOT replaced;

-- Where each event was read: its own file and its copies' (reads not replaced).
CREATE VIEW IF NOT EXISTS event_origins AS
  SELECT o.event_id, o.event_time, f.kind, f.source, f.key, o.record_index FROM (
    SELECT id AS event_id, time AS event_time, file_id, record_index FROM events
    UNION ALL
    SELECT event_id, event_time, file_id, record_index FROM event_copies
  ) o JOIN files f ON f.file_id = o.file_id
  WHERE NOT f.replaced;

-- Digest files read (lib/integrity): one row per digest and version, its signature's fate.
CREATE TABLE IF NOT EXISTS digests (
  source VARCHAR NOT NULL,
  key VARCHAR NOT NULL,
  version VARCHAR NOT NULL,
  -- account, Region, trail (from its name): one chain of digests.
  account VARCHAR NOT NULL,
  region VARCHAR NOT NULL,
  trail VARCHAR NOT NULL,
  start_time TIMESTAMP,
  end_time TIMESTAMP,
  -- hex SHA-256 of the uncompressed digest, and its signature (hex) when there is one.
  sha256 VARCHAR NOT NULL,
  signature VARCHAR,
  -- the digest's own name for itself, and what it says of the previous digest.
  s3_path VARCHAR,
  previous_s3_path VARCHAR,
  previous_sha256 VARCHAR,
  previous_signature VARCHAR,
  -- valid | invalid | unverified | unreadable, and why (NULL when valid).
  status VARCHAR NOT NULL,
  reason VARCHAR,
  read_at TIMESTAMP NOT NULL
);

-- The log files each digest lists, by file name (a copy of the bucket keeps the names, not
-- always the folders above them).
CREATE TABLE IF NOT EXISTS digest_logs (
  source VARCHAR NOT NULL,
  digest_key VARCHAR NOT NULL,
  s3_object VARCHAR NOT NULL,
  name VARCHAR NOT NULL,
  sha256 VARCHAR NOT NULL
);

-- Each hashed, current read's standing against the digests (lib/store/file-integrity-sql.ts).
CREATE VIEW IF NOT EXISTS file_integrity AS ${fileIntegritySql("files")};

-- Athena searches that succeeded (lib/athena): the trail files holding a view's events, as
-- Athena answered, so the view opens again without another query (on a restarted server too).
CREATE TABLE IF NOT EXISTS athena_searches (
  search_id VARCHAR PRIMARY KEY,
  source VARCHAR NOT NULL,
  sql VARCHAR NOT NULL,
  execution_id VARCHAR NOT NULL,
  range_from TIMESTAMP NOT NULL,
  range_to TIMESTAMP NOT NULL,
  bytes_scanned BIGINT NOT NULL,
  started_at TIMESTAMP NOT NULL,
  finished_at TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS athena_search_files (
  search_id VARCHAR NOT NULL,
  key VARCHAR NOT NULL,
  events BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS problems (
  source VARCHAR NOT NULL,
  file VARCHAR NOT NULL,
  record_index INTEGER,
  kind VARCHAR NOT NULL,
  severity VARCHAR NOT NULL,
  message VARCHAR NOT NULL,
  seen_at TIMESTAMP NOT NULL
);
`;

/** The attributes `event_counts` keeps per hour (columns of both tables). */
export const COUNTED_COLUMNS: readonly string[] = [
  ...COUNTED_STORED.map((f) => f.column),
  "from_console",
];
