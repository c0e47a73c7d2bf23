import { describe, expect, it } from "vitest";
import { consoleUrl } from "./console-url";

describe("consoleUrl", () => {
  it("opens the console page of the resources CloudTrail names most", () => {
    expect(consoleUrl("arn:aws:s3:::trail-bucket")).toBe(
      "https://console.aws.amazon.com/s3/buckets/trail-bucket",
    );
    expect(consoleUrl("arn:aws:s3:::data/reports/2026 q4.csv")).toBe(
      "https://console.aws.amazon.com/s3/object/data?prefix=reports%2F2026%20q4.csv",
    );
    expect(consoleUrl("arn:aws:iam::111122223333:role/service-role/deployer")).toBe(
      "https://console.aws.amazon.com/iam/home#/roles/details/deployer",
    );
    expect(consoleUrl("arn:aws:iam::111122223333:user/ci-deploy")).toBe(
      "https://console.aws.amazon.com/iam/home#/users/details/ci-deploy",
    );
    expect(consoleUrl("arn:aws:iam::aws:policy/AdministratorAccess")).toBe(
      "https://console.aws.amazon.com/iam/home#/policies/details/arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FAdministratorAccess",
    );
    expect(consoleUrl("arn:aws:lambda:eu-west-1:111122223333:function:orders-api:live")).toBe(
      "https://console.aws.amazon.com/lambda/home?region=eu-west-1#/functions/orders-api",
    );
    expect(consoleUrl("arn:aws:dynamodb:us-east-1:111122223333:table/orders/stream/x")).toBe(
      "https://console.aws.amazon.com/dynamodbv2/home?region=us-east-1#table?name=orders",
    );
    expect(consoleUrl("arn:aws:ec2:us-east-1:111122223333:instance/i-0abc123")).toBe(
      "https://console.aws.amazon.com/ec2/home?region=us-east-1#InstanceDetails:instanceId=i-0abc123",
    );
    expect(consoleUrl("arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab")).toBe(
      "https://console.aws.amazon.com/kms/home?region=us-east-1#/kms/keys/1234abcd-12ab",
    );
    expect(consoleUrl("arn:aws:secretsmanager:us-east-1:111122223333:secret:db/prod-AbC123")).toBe(
      "https://console.aws.amazon.com/secretsmanager/secret?name=db%2Fprod&region=us-east-1",
    );
  });

  it("uses each partition's own console", () => {
    expect(consoleUrl("arn:aws-us-gov:s3:::b")).toBe(
      "https://console.amazonaws-us-gov.com/s3/buckets/b",
    );
    expect(consoleUrl("arn:aws-cn:s3:::b")).toBe("https://console.amazonaws.cn/s3/buckets/b");
  });

  it("gives nothing for what it does not know or cannot trust", () => {
    expect(consoleUrl(null)).toBeNull();
    expect(consoleUrl("not an arn")).toBeNull();
    expect(consoleUrl("arn:evil:s3:::bucket")).toBeNull();
    expect(consoleUrl("arn:aws:glue:us-east-1:111122223333:table/x")).toBeNull();
    // A Region or account that is not one cannot reach the address.
    expect(consoleUrl("arn:aws:lambda:javascript:alert(1)//:111122223333:function:x")).toBeNull();
    expect(consoleUrl('arn:aws:ec2:us-east-1:111122223333:instance/i-1"><script>')).toBeNull();
  });

  it("percent-encodes what it takes from the ARN: hostile text stays inside its parameter", () => {
    const url = consoleUrl('arn:aws:s3:::b/"><img src=x onerror=alert(1)>#?&x=1')!;
    expect(url.startsWith("https://console.aws.amazon.com/s3/object/b?prefix=")).toBe(true);
    expect(url).not.toMatch(/[<>"'\s]/);
    expect(new URL(url).searchParams.get("prefix")).toBe('"><img src=x onerror=alert(1)>#?&x=1');
  });
});
