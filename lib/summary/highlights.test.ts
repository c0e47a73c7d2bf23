import { describe, expect, it } from "vitest";
import { type ActorFacts, buildHighlights, MAX_HIGHLIGHTS, MAX_PER_KIND } from "./highlights";
import { isChange, isDeniedCode, loggingChangeOf } from "./rules";

function actor(overrides: Partial<ActorFacts>): ActorFacts {
  return {
    actor: "someone",
    actorType: "person",
    actorAccount: null,
    accounts: ["210987654321"],
    events: 10,
    changes: 0,
    denied: 0,
    deniedCodes: [],
    deniedActions: [],
    iamChanges: [],
    loggingCalls: [],
    ...overrides,
  };
}

const count = (eventSource: string, eventName: string, n: number) => ({
  eventSource,
  eventName,
  count: n,
});
const base = { novelties: [], baselineLabel: "the previous 24 hours" };

describe("buildHighlights", () => {
  it("leads with root use, then logging changes, denials and IAM changes", () => {
    const highlights = buildHighlights({
      ...base,
      actors: [
        actor({
          actor: "quinn",
          changes: 2,
          iamChanges: [count("iam.amazonaws.com", "CreateUser", 2)],
        }),
        actor({
          actor: "intruder",
          actorType: "iam-user",
          denied: 3,
          deniedCodes: ["AccessDenied"],
          deniedActions: [count("cloudtrail.amazonaws.com", "StopLogging", 2)],
          loggingCalls: [{ ...count("cloudtrail.amazonaws.com", "StopLogging", 2), failed: 2 }],
        }),
        actor({ actor: "root", actorType: "root", events: 4, accounts: ["210987654321"] }),
      ],
    });
    // A logging change that failed ranks below one that took effect: tried, it is medium.
    expect(highlights.map((h) => [h.kind, h.severity, h.risk])).toEqual([
      ["root", "high", 80],
      ["logging", "medium", 65],
      ["denied", "medium", 45],
      ["iam", "medium", 40],
    ]);
    expect(highlights[0]).toMatchObject({
      text: "The root user made 4 calls in account 210987654321: root account use should be rare.",
      filter: { actorType: ["root"] },
    });
    expect(highlights[1]).toMatchObject({
      text: "intruder tried to change logging and failed (StopLogging ×2).",
      filter: {
        actor: ["intruder"],
        eventSource: ["cloudtrail.amazonaws.com"],
        eventName: ["StopLogging"],
      },
    });
    expect(highlights[2]).toMatchObject({
      text: "intruder was denied 3 times (StopLogging ×2).",
      filter: { actor: ["intruder"], errorCode: ["AccessDenied"] },
    });
    expect(highlights[3]).toMatchObject({
      text: "quinn made 2 IAM changes (CreateUser ×2).",
      filter: { actor: ["quinn"], eventSource: ["iam.amazonaws.com"], readOnly: ["false"] },
    });
  });

  it("says what a logging change did, and rates reconfiguration below switching off", () => {
    const [stopped, changed] = buildHighlights({
      ...base,
      actors: [
        actor({
          actor: "tuner",
          loggingCalls: [
            { ...count("cloudtrail.amazonaws.com", "PutEventSelectors", 1), failed: 0 },
          ],
        }),
        actor({
          actor: "cleaner",
          loggingCalls: [
            { ...count("config.amazonaws.com", "StopConfigurationRecorder", 2), failed: 1 },
            { ...count("cloudtrail.amazonaws.com", "StopLogging", 1), failed: 0 },
          ],
        }),
      ],
    });
    expect(stopped).toMatchObject({
      severity: "high",
      text:
        "cleaner stopped the Config recorder and stopped CloudTrail logging " +
        "(StopConfigurationRecorder ×2, StopLogging ×1; 1 failed).",
    });
    expect(changed).toMatchObject({
      severity: "medium",
      text: "tuner changed what a trail logs (PutEventSelectors ×1).",
    });
  });

  it("reports new regions and addresses against the baseline, grouped per actor", () => {
    const highlights = buildHighlights({
      actors: [],
      baselineLabel: "the previous 24 hours",
      novelties: [
        { actor: "alice", actorType: "person", kind: "region", value: "eu-west-1", events: 5 },
        { actor: "alice", actorType: "person", kind: "region", value: "sa-east-1", events: 9 },
        { actor: "alice", actorType: "person", kind: "ip", value: "203.0.113.9", events: 1 },
      ],
    });
    expect(highlights).toEqual([
      {
        kind: "new-region",
        severity: "info",
        risk: 20,
        actor: "alice",
        text: "alice used sa-east-1 and eu-west-1 for the first time compared with the previous 24 hours.",
        filter: { actor: ["alice"], region: ["sa-east-1", "eu-west-1"] },
      },
      {
        kind: "new-ip",
        severity: "info",
        risk: 20,
        actor: "alice",
        text: "alice called from 203.0.113.9 for the first time compared with the previous 24 hours.",
        filter: { actor: ["alice"], sourceIp: ["203.0.113.9"] },
      },
    ]);
  });

  it("caps each kind and the whole list", () => {
    const many = Array.from({ length: 12 }, (_, i) =>
      actor({
        actor: `user-${String(i).padStart(2, "0")}`,
        denied: 20 - i,
        deniedCodes: ["AccessDenied"],
        iamChanges: [count("iam.amazonaws.com", "CreateRole", i + 1)],
      }),
    );
    const highlights = buildHighlights({ ...base, actors: many });
    expect(highlights.filter((h) => h.kind === "denied").map((h) => h.actor)).toEqual([
      "user-00",
      "user-01",
      "user-02",
    ]);
    expect(highlights.filter((h) => h.kind === "iam")).toHaveLength(MAX_PER_KIND);
    expect(highlights.length).toBeLessThanOrEqual(MAX_HIGHLIGHTS);
  });

  it("leaves IAM changes by AWS services out", () => {
    expect(
      buildHighlights({
        ...base,
        actors: [
          actor({
            actor: "cloudformation.amazonaws.com",
            actorType: "service",
            iamChanges: [count("iam.amazonaws.com", "CreateRole", 1)],
          }),
        ],
      }),
    ).toEqual([]);
  });
});

describe("summary rules", () => {
  it("tells denials from other failures", () => {
    for (const code of [
      "AccessDenied",
      "AccessDeniedException",
      "Client.UnauthorizedOperation",
      "UnauthorizedOperation",
      "VpceAccessDenied",
    ]) {
      expect(isDeniedCode(code)).toBe(true);
    }
    for (const code of ["ThrottlingException", "Failure", "NoSuchBucketPolicy", null]) {
      expect(isDeniedCode(code)).toBe(false);
    }
  });

  it("counts writes as changes, but not console sign-ins", () => {
    expect(isChange(false, "iam.amazonaws.com")).toBe(true);
    expect(isChange(true, "iam.amazonaws.com")).toBe(false);
    expect(isChange(null, "iam.amazonaws.com")).toBe(false);
    expect(isChange(false, "signin.amazonaws.com")).toBe(false);
  });

  it("knows the logging changes", () => {
    expect(loggingChangeOf("cloudtrail.amazonaws.com", "StopLogging")?.severity).toBe("high");
    expect(loggingChangeOf("s3.amazonaws.com", "PutBucketLogging")?.severity).toBe("medium");
    expect(loggingChangeOf("cloudtrail.amazonaws.com", "LookupEvents")).toBeNull();
  });
});
