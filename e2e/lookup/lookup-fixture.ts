/** What the merged-view server asks LookupEvents for: the sample's prod account in us-east-1. */
export const LOOKUP_ACCOUNT = "111122223333";
export const LOOKUP_REGION = "us-east-1";
/** An hour with management, data and Insights events: two LookupEvents pages and one Insights call. */
export const LOOKUP_RANGE = { from: "2026-11-04T02:00:00Z", to: "2026-11-04T02:59:59Z" };
