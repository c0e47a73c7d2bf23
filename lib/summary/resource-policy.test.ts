import { describe, expect, it } from "vitest";
import {
  foreignGrants,
  RESOURCE_POLICY_CALLS,
  resourcePolicyGrants,
  resourcePolicySql,
} from "./resource-policy";

const policy = (principal: unknown, condition?: unknown) => ({
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Principal: principal,
      Action: "*",
      Resource: "*",
      ...(condition ? { Condition: condition } : {}),
    },
  ],
});
const record = (eventSource: string, eventName: string, requestParameters: unknown) => ({
  eventSource,
  eventName,
  requestParameters,
});
const foreign = { AWS: "arn:aws:iam::210987654321:root" };

describe("resource policies", () => {
  it("reads who S3, KMS, SQS, SNS, Lambda, Secrets Manager, ECR and IAM trust let in", () => {
    const cases: [string, string, unknown][] = [
      ["s3.amazonaws.com", "PutBucketPolicy", { bucketPolicy: policy(foreign), bucketName: "b" }],
      ["s3.amazonaws.com", "PutBucketPolicy", { policy: JSON.stringify(policy(foreign)) }],
      [
        "kms.amazonaws.com",
        "PutKeyPolicy",
        { keyId: "k", policy: JSON.stringify(policy(foreign)) },
      ],
      [
        "sqs.amazonaws.com",
        "SetQueueAttributes",
        { attributes: { Policy: JSON.stringify(policy(foreign)) } },
      ],
      [
        "sns.amazonaws.com",
        "SetTopicAttributes",
        { attributeName: "Policy", attributeValue: JSON.stringify(policy(foreign)) },
      ],
      ["lambda.amazonaws.com", "AddPermission20150331v2", { principal: "210987654321" }],
      [
        "secretsmanager.amazonaws.com",
        "PutResourcePolicy",
        { resourcePolicy: JSON.stringify(policy(foreign)) },
      ],
      ["ecr.amazonaws.com", "SetRepositoryPolicy", { policyText: JSON.stringify(policy(foreign)) }],
      [
        "iam.amazonaws.com",
        "UpdateAssumeRolePolicy",
        { policyDocument: encodeURIComponent(JSON.stringify(policy(foreign))) },
      ],
      [
        "ec2.amazonaws.com",
        "ModifySnapshotAttribute",
        { createVolumePermission: { add: { items: [{ userId: "210987654321" }] } } },
      ],
    ];
    for (const [source, name, params] of cases) {
      expect(resourcePolicyGrants(record(source, name, params)), `${source} ${name}`).toEqual({
        accounts: ["210987654321"],
        anyone: false,
      });
    }
  });

  it("lets in anyone only when nothing narrows it", () => {
    expect(
      resourcePolicyGrants(
        record("s3.amazonaws.com", "PutBucketPolicy", { bucketPolicy: policy("*") }),
      ),
    ).toEqual({ accounts: [], anyone: true });
    const narrowed = policy("*", { StringEquals: { "aws:PrincipalOrgID": "o-7k2m9x4p1q" } });
    expect(
      resourcePolicyGrants(
        record("s3.amazonaws.com", "PutBucketPolicy", { bucketPolicy: narrowed }),
      ),
    ).toEqual({ accounts: [], anyone: false });
    expect(
      resourcePolicyGrants(
        record("lambda.amazonaws.com", "AddPermission20150331v2", {
          principal: "*",
          sourceAccount: "111122223333",
        }),
      ),
    ).toEqual({ accounts: [], anyone: false });
    expect(
      resourcePolicyGrants(
        record("ec2.amazonaws.com", "ModifyImageAttribute", {
          launchPermission: { add: { items: [{ group: "all" }] } },
        }),
      ),
    ).toEqual({ accounts: [], anyone: true });
  });

  it("grants nothing for other calls, other attributes, or no parameters", () => {
    expect(
      resourcePolicyGrants(
        record("sns.amazonaws.com", "SetTopicAttributes", {
          attributeName: "DisplayName",
          attributeValue: JSON.stringify(policy(foreign)),
        }),
      ),
    ).toEqual({ accounts: [], anyone: false });
    expect(resourcePolicyGrants(record("s3.amazonaws.com", "GetBucketPolicy", {}))).toEqual({
      accounts: [],
      anyone: false,
    });
    expect(resourcePolicyGrants(record("s3.amazonaws.com", "PutBucketPolicy", null))).toEqual({
      accounts: [],
      anyone: false,
    });
  });

  it("keeps only the accounts outside the trail's", () => {
    const known = new Set(["111122223333", "444455556666"]);
    expect(
      foreignGrants({ accounts: ["111122223333", "210987654321"], anyone: false }, known),
    ).toEqual({
      accounts: ["210987654321"],
      anyone: false,
    });
  });

  it("writes the calls as SQL from the same list", () => {
    const text = resourcePolicySql("event_source", "event_name");
    for (const c of RESOURCE_POLICY_CALLS) {
      expect(text).toContain(
        `(event_source = '${c.eventSource}' AND event_name = '${c.eventName}')`,
      );
    }
  });
});
