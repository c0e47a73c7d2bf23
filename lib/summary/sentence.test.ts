import { describe, expect, it } from "vitest";
import { actorSentence, type SentenceFacts } from "./sentence";

function facts(overrides: Partial<SentenceFacts>): SentenceFacts {
  return {
    actor: "alice",
    actorType: "person",
    events: 40,
    changes: 0,
    reads: 40,
    errors: 0,
    denied: 0,
    console: 0,
    sessionCount: 1,
    changedServices: [],
    services: ["s3"],
    topActions: [],
    topActionsAre: "calls",
    ...overrides,
  };
}

const action = (eventName: string, count: number) => ({
  eventName,
  eventSource: "x.amazonaws.com",
  count,
});

describe("actorSentence", () => {
  it("names the changes, their services and the top actions", () => {
    expect(
      actorSentence(
        facts({
          changes: 12,
          reads: 20,
          denied: 3,
          errors: 3,
          changedServices: ["iam", "s3"],
          topActions: [action("CreateUser", 2), action("PutBucketPolicy", 1)],
          topActionsAre: "changes",
        }),
      ),
    ).toBe("alice made 12 changes in IAM and S3 (CreateUser ×2, PutBucketPolicy ×1, …), 3 denied.");
  });

  it("leaves out the ellipsis when the top actions are all the changes", () => {
    expect(
      actorSentence(
        facts({
          actorType: "iam-user",
          changes: 1,
          changedServices: ["s3"],
          topActions: [action("PutBucketPolicy", 1)],
          topActionsAre: "changes",
        }),
      ),
    ).toBe("alice made 1 change in S3 (PutBucketPolicy ×1).");
  });

  it("describes a role that only reads, with its sessions", () => {
    expect(
      actorSentence(
        facts({
          actor: "web-server",
          actorType: "role",
          events: 230,
          reads: 230,
          sessionCount: 4,
          services: ["s3"],
        }),
      ),
    ).toBe("web-server (role, 4 sessions) made no changes: 230 reads in S3.");
    expect(
      actorSentence(
        facts({ actor: "batch", actorType: "role", events: 5, reads: 3, sessionCount: 1 }),
      ),
    ).toBe("batch (role, 1 session) made no changes: 5 calls in S3.");
  });

  it("flags root use and console use", () => {
    expect(
      actorSentence(
        facts({
          actor: "root",
          actorType: "root",
          events: 3,
          reads: 2,
          console: 3,
          services: ["signin", "iam"],
        }),
      ),
    ).toBe(
      "root made no changes: 3 calls in console sign-in and IAM, all from the console — root account use.",
    );
    expect(actorSentence(facts({ console: 10 }))).toBe(
      "alice made no changes: 40 reads in S3, 10 from the console.",
    );
  });

  it("counts failures that are not denials apart, and keeps many services short", () => {
    expect(
      actorSentence(
        facts({
          actor: "backup.amazonaws.com",
          actorType: "service",
          errors: 5,
          denied: 1,
          services: ["s3", "ec2", "monitoring", "kms", "newsvc"],
        }),
      ),
    ).toBe(
      "backup.amazonaws.com (AWS service) made no changes: 40 reads in S3, EC2, CloudWatch and 2 more, 1 denied, 4 failed.",
    );
  });
});
