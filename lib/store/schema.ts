/**
 * The store's tables. One row per distinct event (keyed by eventID); where it
 * was read lives in `event_origins`, so a duplicate delivery adds an origin,
 * not an event. `loaded_files` makes loading idempotent across restarts.
 */
/**
 * Bump when the tables or the normalized values change (e.g. how a field is
 * derived): stores of another version are rebuilt from the sources.
 */
export const SCHEMA_VERSION = 7;

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS store_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);

CREATE TABLE IF NOT EXISTS events (
  id VARCHAR NOT NULL,
  time TIMESTAMP NOT NULL,
  category VARCHAR NOT NULL,
  event_name VARCHAR NOT NULL,
  event_source VARCHAR NOT NULL,
  service VARCHAR NOT NULL,
  event_type VARCHAR,
  event_version VARCHAR,
  principal VARCHAR NOT NULL,
  principal_type VARCHAR,
  -- who acts, rolled up (lib/cloudtrail/identity.ts actorOf): the role for its sessions.
  actor VARCHAR NOT NULL,
  actor_type VARCHAR NOT NULL,
  principal_arn VARCHAR,
  access_key_id VARCHAR,
  account VARCHAR,
  region VARCHAR,
  source_ip VARCHAR,
  -- source_ip as a 128-bit number (IPv4 mapped into IPv6), for CIDR filters; NULL when not an IP.
  source_ip_num UHUGEINT,
  user_agent VARCHAR,
  -- made from the AWS console (lib/cloudtrail/console.ts); derived, not part of the wire row.
  from_console BOOLEAN NOT NULL,
  read_only BOOLEAN,
  error_code VARCHAR,
  error_message VARCHAR,
  request_id VARCHAR,
  shared_event_id VARCHAR,
  resources VARCHAR NOT NULL,
  -- the resources' labels (derived, for summaries: reading them out of the JSON is slow).
  resource_labels VARCHAR[] NOT NULL,
  raw VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS event_origins (
  event_id VARCHAR NOT NULL,
  kind VARCHAR NOT NULL,
  source VARCHAR NOT NULL,
  key VARCHAR NOT NULL,
  -- The event's time: looking up a page's origins then reads only the row groups of its time span.
  event_time TIMESTAMP NOT NULL
);

-- Events counted per hour and per combination of the attributes below (all but the
-- high-cardinality ones: principal, IP, user agent, access key, resources), written with
-- the events they count: counts, facets and summaries over whole hours read these rows
-- instead of every event (lib/store/counted-events.ts).
CREATE TABLE IF NOT EXISTS event_counts (
  hour TIMESTAMP NOT NULL,
  category VARCHAR NOT NULL,
  event_name VARCHAR NOT NULL,
  event_source VARCHAR NOT NULL,
  service VARCHAR NOT NULL,
  principal_type VARCHAR,
  actor VARCHAR NOT NULL,
  actor_type VARCHAR NOT NULL,
  account VARCHAR,
  region VARCHAR,
  error_code VARCHAR,
  read_only BOOLEAN,
  from_console BOOLEAN NOT NULL,
  n BIGINT NOT NULL,
  first_time TIMESTAMP NOT NULL,
  last_time TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS loaded_files (
  source VARCHAR NOT NULL,
  key VARCHAR NOT NULL,
  version VARCHAR NOT NULL,
  format VARCHAR NOT NULL,
  records INTEGER NOT NULL,
  bytes BIGINT NOT NULL,
  loaded_at TIMESTAMP NOT NULL,
  PRIMARY KEY (source, key)
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
export const COUNTED_COLUMNS = [
  "category",
  "event_name",
  "event_source",
  "service",
  "principal_type",
  "actor",
  "actor_type",
  "account",
  "region",
  "error_code",
  "read_only",
  "from_console",
] as const;
export type CountedColumn = (typeof COUNTED_COLUMNS)[number];

/** Columns of `events` in insertion order; the staging table mirrors them plus the origin. */
export const EVENT_COLUMNS = [
  "id",
  "time",
  "category",
  "event_name",
  "event_source",
  "service",
  "event_type",
  "event_version",
  "principal",
  "principal_type",
  "actor",
  "actor_type",
  "principal_arn",
  "access_key_id",
  "account",
  "region",
  "source_ip",
  "source_ip_num",
  "user_agent",
  "from_console",
  "read_only",
  "error_code",
  "error_message",
  "request_id",
  "shared_event_id",
  "resources",
  "resource_labels",
  "raw",
] as const;
