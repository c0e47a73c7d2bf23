import { describe, expect, it } from "vitest";
import { fromConsole } from "./console";

describe("fromConsole", () => {
  it("trusts CloudTrail's sessionCredentialFromConsole", () => {
    expect(fromConsole({ sessionCredentialFromConsole: "true" }, "ec2.amazonaws.com", null)).toBe(
      true,
    );
    expect(
      fromConsole({ sessionCredentialFromConsole: true }, "ec2.amazonaws.com", "AWS Internal"),
    ).toBe(true);
  });

  it("counts console sign-in events", () => {
    expect(fromConsole({}, "signin.amazonaws.com", "Mozilla/5.0 (X11; Linux x86_64)")).toBe(true);
    expect(fromConsole({}, "signin.amazonaws.com", null)).toBe(true);
  });

  it("recognizes console and browser user agents", () => {
    for (const agent of [
      "console.amazonaws.com",
      "console.ec2.amazonaws.com",
      "[S3Console/0.4, aws-internal/3 aws-sdk-java/1.12.1]",
      "Lambda Console, aws-internal/3",
      "AWSConsole",
      "signin.amazonaws.com",
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36",
      "[Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2)]",
    ]) {
      expect(fromConsole({}, "s3.amazonaws.com", agent)).toBe(true);
    }
  });

  it("calls SDKs, the CLI and services programmatic", () => {
    for (const agent of [
      "aws-cli/2.17.0 md/awscrt#0.20.0 ua/2.0 os/linux",
      "Boto3/1.34.0 md/Botocore#1.34.0",
      "AWS Internal",
      "cloudformation.amazonaws.com",
      null,
    ]) {
      expect(fromConsole({}, "iam.amazonaws.com", agent)).toBe(false);
    }
    expect(fromConsole({ sessionCredentialFromConsole: "false" }, "iam.amazonaws.com", null)).toBe(
      false,
    );
  });
});
