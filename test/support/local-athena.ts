import { AthenaClient } from "@aws-sdk/client-athena";
import { AthenaQueries } from "../../lib/athena/athena-client";
import { AthenaSearches, type AthenaSearchesOptions } from "../../lib/athena/athena-searches";
import type { AthenaSettings } from "../../lib/athena/athena-settings";
import type { TrailFileSource } from "../../lib/sources/source-types";
import type { Store } from "../../lib/store/database";

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
