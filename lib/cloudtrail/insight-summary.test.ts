import { describe, expect, it } from "vitest";
import { describeInsight } from "./insight-summary";

describe("describeInsight", () => {
  it("says what rate changed, by how much, for how long, and from whom", () => {
    const summary = describeInsight({
      eventType: "AwsCloudTrailInsight",
      insightDetails: {
        state: "Start",
        eventSource: "ec2.amazonaws.com",
        eventName: "CreateTags",
        insightType: "ApiCallRateInsight",
        insightContext: {
          statistics: {
            baseline: { average: 0.0117 },
            insight: { average: 16.8 },
            insightDuration: 5,
          },
          attributions: [
            {
              attribute: "userIdentityArn",
              insight: [
                { value: "arn:aws:iam::444455556666:user/priya", average: 16.8 },
                { value: "arn:aws:iam::444455556666:user/bob", average: 0.2 },
              ],
              baseline: [],
            },
            { attribute: "errorCode", insight: [{ value: "null", average: 16.8 }], baseline: [] },
          ],
        },
      },
    });
    expect(summary).toEqual({
      headline:
        "Unusual call rate started: CreateTags on ec2.amazonaws.com ran at 16.8 per minute against a baseline of 0.012 per minute (1,436× usual), for 5 minutes.",
      attributions: [
        {
          attribute: "Callers",
          contributors: [
            "arn:aws:iam::444455556666:user/priya (16.8 per minute)",
            "arn:aws:iam::444455556666:user/bob (0.2 per minute)",
          ],
        },
        { attribute: "Error codes", contributors: ["no error (16.8 per minute)"] },
      ],
    });
  });

  it("names error-rate insights and copes with missing statistics", () => {
    const summary = describeInsight({
      insightDetails: {
        state: "End",
        eventSource: "s3.amazonaws.com",
        eventName: "GetObject",
        insightType: "ApiErrorRateInsight",
        errorCode: "AccessDenied",
      },
    });
    expect(summary?.headline).toBe(
      "Unusual error rate ended: Errors (AccessDenied) of GetObject on s3.amazonaws.com.",
    );
    expect(describeInsight({ eventName: "CreateUser" })).toBeNull();
  });
});
