import type { AccountId, Region } from "./config";

export type Json = string | number | boolean | null | Json[] | JsonObject;

/** A JSON object; `undefined` members are dropped by JSON.stringify, which keeps builders short. */
export interface JsonObject {
  [key: string]: Json | undefined;
}

/** One CloudTrail record, with where and when it is delivered. */
export interface GeneratedEvent {
  record: JsonObject;
  /** The account whose folder receives the record (recipientAccountId). */
  account: AccountId;
  /** The Region folder (awsRegion). */
  region: Region;
  timeMs: number;
  /** Insights records go to CloudTrail-Insight/ files only. */
  insight: boolean;
}

export interface ErrorPair {
  code: string | undefined;
  message: string;
}
