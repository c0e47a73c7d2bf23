import { describe, expect, it } from "vitest";
import { contentHash } from "./content-hash";
import { searchText } from "./search-text";

const record = {
  eventVersion: "1.09",
  userIdentity: {
    type: "IAMUser",
    arn: "arn:aws:iam::111122223333:user/admin",
    accountId: "111122223333",
  },
  eventTime: "2026-03-01T10:00:00Z",
  eventSource: "s3.amazonaws.com",
  eventName: "PutBucketPolicy",
  requestParameters: {
    bucketName: "logs",
    policy: { Statement: [{ Effect: "Allow" }, { Effect: "Deny" }] },
  },
  responseElements: null,
  readOnly: false,
  resources: [],
  additionalEventData: {},
  eventID: "0e8f4a52-0000-4000-8000-000000000001",
};

// Edits reach into the record at any depth, as JSON does.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Editable = Record<string, any>;

const hashOf = (value: unknown) => contentHash(value as Record<string, unknown>);
const edited = (edit: (r: typeof record & Record<string, unknown>) => void) => {
  const copy = structuredClone(record) as typeof record & Record<string, unknown>;
  edit(copy);
  return hashOf(copy);
};

describe("contentHash", () => {
  it("is an unsigned 32-bit integer, the same for the same content", () => {
    const hash = hashOf(record);
    expect(Number.isInteger(hash) && hash >= 0 && hash < 2 ** 32).toBe(true);
    expect(hashOf(JSON.parse(JSON.stringify(record)))).toBe(hash);
  });

  it("does not depend on the order of keys or the spacing of the JSON", () => {
    const reordered = Object.fromEntries(Object.entries(record).reverse());
    reordered.userIdentity = {
      accountId: "111122223333",
      arn: record.userIdentity.arn,
      type: "IAMUser",
    };
    expect(hashOf(reordered)).toBe(hashOf(record));
    expect(hashOf(JSON.parse(JSON.stringify(record, null, 2)))).toBe(hashOf(record));
  });

  it.each([
    ["a value edited", (r: Editable) => (r.eventName = "PutBucketAcl")],
    ["one character's case", (r: Editable) => (r.eventName = "putBucketPolicy")],
    ["a nested value", (r: Editable) => (r.requestParameters.policy.Statement[0].Effect = "Deny")],
    ["array items swapped", (r: Editable) => r.requestParameters.policy.Statement.reverse()],
    ["a key renamed", (r: Editable) => ((r.readOnlyX = r.readOnly), delete r.readOnly)],
    ["a field added as null", (r: Editable) => (r.errorCode = null)],
    ["a string for a boolean", (r: Editable) => (r.readOnly = "false")],
    ["an empty array for an empty object", (r: Editable) => (r.additionalEventData = [])],
    ["a null removed", (r: Editable) => delete r.responseElements],
    [
      "a value moved to another key",
      (r: Editable) => {
        r.userIdentity.accountId = r.userIdentity.type;
        r.userIdentity.type = "111122223333";
      },
    ],
  ])("changes when %s", (_, edit) => {
    expect(edited(edit as (r: Record<string, unknown>) => void)).not.toBe(hashOf(record));
  });

  it("is what the load's walk for the search text computes too", () => {
    for (const value of [
      record,
      {},
      { eventTime: "2026-03-01T10:00:00Z" },
      { a: [[], {}, null, 1.5] },
    ]) {
      expect(searchText(value).contentHash).toBe(hashOf(value));
    }
  });
});
