import { describe, expect, it } from "vitest";
import { MAX_SEARCH_CHARS, SEARCH_SEPARATOR, searchText } from "./search-text";

const S = SEARCH_SEPARATOR;

describe("searchText", () => {
  it("lists every value at any depth, lowercased, without keys or eventTime", () => {
    const { text, plain } = searchText({
      eventTime: "2026-11-04T02:00:00Z",
      eventName: "PutBucketPolicy",
      requestParameters: { bucketName: "Logs", policy: { Statement: [{ Effect: "Allow" }] } },
      readOnly: false,
      bytes: 1024,
      responseElements: null,
      empty: "",
    });
    expect(text).toBe(["putbucketpolicy", "logs", "allow", "false", "1024"].join(S));
    expect(plain).toBe(true);
    expect(text).not.toContain("eventname");
    expect(text).not.toContain("2026-11-04");
  });

  it("keeps a value's characters together but turns control characters into spaces", () => {
    expect(searchText({ a: "line one\nline\ttwo", b: "x\u0000y" })).toMatchObject({
      text: `line one line two${S}x y`,
      plain: false,
    });
  });

  it("stops at its limit, whatever a hostile record holds", () => {
    const { text } = searchText({ userAgent: "A".repeat(MAX_SEARCH_CHARS * 2) });
    expect(text).toHaveLength(MAX_SEARCH_CHARS);
    expect(text.startsWith("aaa")).toBe(true);
  });
});
