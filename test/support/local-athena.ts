import { AthenaClient } from "@aws-sdk/client-athena";
import { AthenaQueries } from "../../lib/athena/athena-client";
import { AthenaSearches, type AthenaSearchesOptions } from "../../lib/athena/athena-searches";
import type { AthenaSettings } from "../../lib/athena/athena-settings";
import { LoadManager } from "../../lib/load/load-manager";
import { DEFAULT_SORT, type EventFilter, type EventQuery } from "../../lib/query/event-query";
import type { TrailFileSource } from "../../lib/sources/source-types";
import type { Store } from "../../lib/store/database";
import { EventWriter } from "../../lib/store/event-writer";
import type { Trailglass } from "../../lib/trailglass";

/** A client of the local Athena endpoint (athena-server.ts), which takes any credentials. */
export function localAthenaClient(endpoint: string, maxAttempts?: number): AthenaClient {
  return new AthenaClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    ...(maxAttempts ? { maxAttempts } : {}),
  });
}

/**
 * Athena searches of `source`'s bucket through `client`, as the server
 * composes them; no go-ahead asked for unless `options` set a threshold.
 */
export function athenaSearchesVia(
  client: AthenaClient,
  store: Store,
  settings: AthenaSettings,
  source: TrailFileSource,
  options: Partial<AthenaSearchesOptions> = {},
): AthenaSearches {
  return new AthenaSearches(store, new AthenaQueries(client, settings), settings, source, {
    confirmAboveBytes: Number.MAX_SAFE_INTEGER,
    ...options,
  });
}

/** What ensureView needs of the application: a loader of `source` into `store`, and the searches. */
export function appWithAthena(
  store: Store,
  source: TrailFileSource,
  searches: AthenaSearches,
): Trailglass {
  const loads = new LoadManager(store, new EventWriter(store), [source]);
  return { loads, athena: searches } as unknown as Trailglass;
}

/** The first page of `filter`'s view as the events page asks for it, through Athena, waiting for it whole. */
export function athenaViewQuery(filter: EventFilter): EventQuery {
  return {
    filter,
    sort: DEFAULT_SORT,
    limit: 100,
    cursor: null,
    records: false,
    wait: true,
    confirm: false,
    athena: "view",
  };
}
