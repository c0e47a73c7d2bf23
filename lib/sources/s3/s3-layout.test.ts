import { describe, expect, it } from "vitest";
import { describeAwsError, isTransientAwsError } from "../aws-errors";
import {
  dayPrefixes,
  isOrganizationFolder,
  isRegionFolder,
  joinKey,
  lastSegment,
} from "./s3-layout";

describe("trail bucket layout", () => {
  it("names folders by their last segment", () => {
    expect(lastSegment("logs/AWSLogs/o-abcdefghij/111122223333/")).toBe("111122223333");
    expect(isOrganizationFolder("o-abcdefghij")).toBe(true);
    expect(isOrganizationFolder("111122223333")).toBe(false);
    expect(isRegionFolder("ap-southeast-2")).toBe(true);
    expect(isRegionFolder("us-gov-west-1")).toBe(true);
    expect(isRegionFolder("2026")).toBe(false);
    expect(joinKey("", "AWSLogs/")).toBe("AWSLogs/");
    expect(joinKey("trails/prod/", "AWSLogs/")).toBe("trails/prod/AWSLogs/");
  });

  it("lists each day of the range plus the delivery day after it", () => {
    const region = "AWSLogs/111122223333/CloudTrail/us-east-1/";
    expect(
      dayPrefixes(region, { from: "2026-11-30T22:00:00.000Z", to: "2026-12-01T03:00:00.000Z" }),
    ).toEqual([`${region}2026/11/30/`, `${region}2026/12/01/`, `${region}2026/12/02/`]);
  });
});

describe("S3 errors", () => {
  it("retries throttling, server errors and dropped connections, not denials", () => {
    expect(isTransientAwsError({ name: "SlowDown", $metadata: { httpStatusCode: 503 } })).toBe(
      true,
    );
    expect(isTransientAwsError({ name: "InternalError", $metadata: { httpStatusCode: 500 } })).toBe(
      true,
    );
    expect(
      isTransientAwsError(Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" })),
    ).toBe(true);
    expect(isTransientAwsError({ name: "AccessDenied", $metadata: { httpStatusCode: 403 } })).toBe(
      false,
    );
    expect(isTransientAwsError({ name: "NoSuchKey", $metadata: { httpStatusCode: 404 } })).toBe(
      false,
    );
  });

  it("describes an error with its code and status", () => {
    expect(
      describeAwsError({
        name: "AccessDenied",
        message: "Access Denied",
        $metadata: { httpStatusCode: 403 },
      }),
    ).toBe("AccessDenied: Access Denied (HTTP 403)");
  });
});
