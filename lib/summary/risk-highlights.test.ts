import { describe, expect, it } from "vitest";
import type { NotableChange, RiskSignals } from "../store/risk-signals";
import { type ActorFacts, buildHighlights } from "./highlights";

/** The risk-ranked highlights (risk.ts, risk-highlights.ts) through buildHighlights. */

const RANGE = { from: "2026-11-04T00:00:00.000Z", to: "2026-11-04T23:59:59.000Z" };
const DATA_START = "2026-11-02T00:06:50.000Z";
const NEW_IP = "185.220.101.47";
const OLD_IP = "203.0.113.54";
const PROD = "111122223333";

function actor(overrides: Partial<ActorFacts>): ActorFacts {
  return {
    actor: "someone",
    actorType: "iam-user",
    actorAccount: PROD,
    accounts: [PROD],
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

function change(overrides: Partial<NotableChange>): NotableChange {
  return {
    actor: "someone",
    actorType: "iam-user",
    actorAccount: PROD,
    id: `id-${Math.random()}`,
    time: "2026-11-04T03:06:12.000Z",
    eventSource: "iam.amazonaws.com",
    eventName: "CreateUser",
    publicIp: NEW_IP,
    failed: false,
    resource: null,
    iamAccess: true,
    logging: false,
    resourcePolicy: false,
    record: null,
    ...overrides,
  };
}

function signals(overrides: Partial<RiskSignals>): RiskSignals {
  return {
    dataStart: DATA_START,
    trailAccounts: [PROD, "444455556666", "777788889999"],
    changes: [],
    bursts: [],
    insights: [],
    // The incident's address appears on the 4th; the office's from the start.
    firstSeen: { [NEW_IP]: "2026-11-04T02:10:14.000Z", [OLD_IP]: "2026-11-02T08:00:00.000Z" },
    actorFirsts: [],
    ...overrides,
  };
}

const highlightsOf = (actors: ActorFacts[], risk: RiskSignals) =>
  buildHighlights({
    actors,
    novelties: [],
    baselineLabel: "the previous 24 hours",
    risk: { signals: risk, range: RANGE },
  });

const count = (eventSource: string, eventName: string, n = 1) => ({
  eventSource,
  eventName,
  count: n,
});

const adminAttach = {
  eventSource: "iam.amazonaws.com",
  eventName: "AttachUserPolicy",
  requestParameters: {
    userName: "backup-admin",
    policyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
  },
};

describe("highlights ranked by risk", () => {
  const ci = actor({
    actor: "ci-deploy",
    changes: 2,
    iamChanges: [
      count("iam.amazonaws.com", "CreateUser"),
      count("iam.amazonaws.com", "AttachUserPolicy"),
    ],
  });
  const quinn = actor({
    actor: "quinn",
    actorType: "person",
    actorAccount: null,
    changes: 40,
    iamChanges: [
      count("iam.amazonaws.com", "CreateRole", 30),
      count("iam.amazonaws.com", "TagRole", 10),
    ],
  });
  const ciChanges = [
    change({ actor: "ci-deploy" }),
    change({
      actor: "ci-deploy",
      eventName: "AttachUserPolicy",
      time: "2026-11-04T03:07:05.000Z",
      record: adminAttach,
    }),
  ];
  const ciFirsts = [
    {
      actor: "ci-deploy",
      actorType: "iam-user" as const,
      actorAccount: PROD,
      firstIam: "2026-11-04T03:06:12.000Z",
      firstLogging: null,
    },
  ];

  it("puts an actor's first admin grant from an address new to the data above routine IAM changes", () => {
    const highlights = highlightsOf(
      [quinn, ci],
      signals({ changes: ciChanges, actorFirsts: ciFirsts }),
    );
    expect(highlights.map((h) => [h.actor, h.kind, h.risk, h.severity])).toEqual([
      ["ci-deploy", "iam", 95, "high"],
      ["quinn", "iam", 40, "medium"],
    ]);
    expect(highlights[0]!.text).toBe(
      "ci-deploy made 2 IAM changes (CreateUser ×1, AttachUserPolicy ×1): granting administrator access; " +
        "from 185.220.101.47, an address new to the data; their first IAM access change in the data.",
    );
  });

  it("ranks the same changes lower from an address the data has long seen, or as not the first", () => {
    const fromOffice = ciChanges.map((c) => ({ ...c, publicIp: OLD_IP }));
    const earlier = [{ ...ciFirsts[0]!, firstIam: "2026-11-02T09:00:00.000Z" }];
    const [ciHighlight] = highlightsOf(
      [ci],
      signals({ changes: fromOffice, actorFirsts: earlier }),
    );
    expect(ciHighlight).toMatchObject({ risk: 70, severity: "high" });
    expect(ciHighlight!.text).toBe(
      "ci-deploy made 2 IAM changes (CreateUser ×1, AttachUserPolicy ×1): granting administrator access.",
    );
    // A data set that starts less than a day before the address appeared cannot call it new.
    const young = highlightsOf(
      [ci],
      signals({ changes: ciChanges, dataStart: "2026-11-03T12:00:00.000Z" }),
    );
    expect(young[0]).toMatchObject({ risk: 70 });
    expect(young[0]!.text).not.toContain("new to the data");
  });

  it("raises a logging change from an address new to the data, and says so", () => {
    const stopper = actor({
      actor: "ci-deploy",
      loggingCalls: [{ ...count("cloudtrail.amazonaws.com", "StopLogging"), failed: 0 }],
    });
    const stop = change({
      actor: "ci-deploy",
      eventSource: "cloudtrail.amazonaws.com",
      eventName: "StopLogging",
      iamAccess: false,
      logging: true,
    });
    const tuner = actor({
      actor: "tuner",
      loggingCalls: [{ ...count("cloudtrail.amazonaws.com", "PutEventSelectors"), failed: 0 }],
    });
    const highlights = highlightsOf([tuner, stopper], signals({ changes: [stop] }));
    expect(highlights.map((h) => [h.actor, h.risk])).toEqual([
      ["ci-deploy", 99],
      ["tuner", 55],
    ]);
    expect(highlights[0]!.text).toBe(
      "ci-deploy stopped CloudTrail logging (StopLogging ×1): from 185.220.101.47, an address new to the data.",
    );
  });

  it("reports a resource policy opened to an account outside the trail's accounts", () => {
    const bucketPolicy = (principal: unknown) => ({
      Statement: [{ Effect: "Allow", Principal: principal, Action: "s3:GetObject", Resource: "*" }],
    });
    const put = (principal: unknown, extra: Partial<NotableChange> = {}) =>
      change({
        actor: "backup-admin",
        eventSource: "s3.amazonaws.com",
        eventName: "PutBucketPolicy",
        iamAccess: false,
        resourcePolicy: true,
        resource: "acme-prod-customer-exports",
        record: {
          eventSource: "s3.amazonaws.com",
          eventName: "PutBucketPolicy",
          requestParameters: {
            bucketName: "acme-prod-customer-exports",
            bucketPolicy: bucketPolicy(principal),
          },
        },
        ...extra,
      });
    const highlights = highlightsOf(
      [],
      signals({
        changes: [
          put({ AWS: "arn:aws:iam::210987654321:root" }),
          // Within the trail's accounts, failed, or to anyone: only the last is another highlight.
          put({ AWS: "arn:aws:iam::444455556666:root" }),
          put({ AWS: "210987654321" }, { failed: true }),
          put("*", { publicIp: OLD_IP }),
        ],
      }),
    );
    expect(highlights.map((h) => [h.kind, h.risk, h.severity])).toEqual([
      ["resource-policy", 90, "high"],
      ["resource-policy", 80, "high"],
    ]);
    expect(highlights[0]).toMatchObject({
      actor: "backup-admin",
      text:
        "backup-admin opened acme-prod-customer-exports to account 210987654321, outside the trail's accounts " +
        "(PutBucketPolicy), from 185.220.101.47, an address new to the data.",
      filter: {
        actor: ["backup-admin"],
        eventName: ["PutBucketPolicy"],
        resource: ["acme-prod-customer-exports"],
      },
    });
    expect(highlights[1]!.text).toContain("to anyone");
  });

  it("keeps a hostile resource name from the record as short as a column", () => {
    const name = "b".repeat(100_000);
    const [h] = highlightsOf(
      [],
      signals({
        changes: [
          change({
            actor: "backup-admin",
            eventSource: "sqs.amazonaws.com",
            eventName: "SetQueueAttributes",
            iamAccess: false,
            resourcePolicy: true,
            record: {
              eventSource: "sqs.amazonaws.com",
              eventName: "SetQueueAttributes",
              requestParameters: {
                queueUrl: name,
                attributes: {
                  Policy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: "*" }] }),
                },
              },
            },
          }),
        ],
      }),
    );
    expect(h!.text).toContain("to anyone (SetQueueAttributes)");
    expect(h!.text.length).toBeLessThan(5_000);
  });

  it("reports an Insights event once for its Start and End, with its ratio to the baseline", () => {
    const insight = (
      state: "Start" | "End",
      time: string,
      type = "ApiErrorRateInsight",
      code = "AccessDeniedException",
    ) => ({
      id: `${state}-${type}`,
      time,
      sharedEventId: `shared-${type}`,
      account: PROD,
      region: "us-east-1",
      record: {
        eventType: "AwsCloudTrailInsight",
        insightDetails: {
          state,
          eventSource: "secretsmanager.amazonaws.com",
          eventName: "GetSecretValue",
          insightType: type,
          insightContext: {
            statistics: {
              baseline: { average: 0.00021 },
              insight: { average: 11.5 },
              insightDuration: 4,
            },
            attributions: [
              { attribute: "errorCode", insight: [{ value: code, average: 11.5 }], baseline: [] },
            ],
          },
        },
      },
    });
    const highlights = highlightsOf(
      [],
      signals({
        insights: [
          insight("Start", "2026-11-04T02:14:00.000Z"),
          insight("End", "2026-11-04T02:18:00.000Z"),
          insight("Start", "2026-11-04T09:00:00.000Z", "ApiCallRateInsight", "null"),
        ],
      }),
    );
    expect(highlights.map((h) => [h.kind, h.risk, h.severity])).toEqual([
      ["insight", 79, "high"],
      ["insight", 59, "medium"],
    ]);
    expect(highlights[0]).toEqual({
      kind: "insight",
      severity: "high",
      risk: 79,
      actor: null,
      text:
        "CloudTrail Insights: unusual error rate of GetSecretValue (secretsmanager.amazonaws.com) in account " +
        "111122223333, us-east-1: 54,762× usual (11.5 per minute against 0.00021 per minute) for 4 minutes, " +
        "from 2026-11-04 02:14 UTC, AccessDeniedException.",
      filter: {
        from: ["2026-11-04T02:14:00.000Z"],
        to: ["2026-11-04T02:18:00.000Z"],
        eventSource: ["secretsmanager.amazonaws.com"],
        eventName: ["GetSecretValue"],
        account: [PROD],
        region: ["us-east-1"],
      },
    });
  });

  it("reports a burst of data reads from an address new to the data, not from a known one", () => {
    const burst = (sourceIp: string) => ({
      sourceIp,
      peak: 60,
      reads: 159,
      names: [
        count("s3.amazonaws.com", "GetObject", 154),
        count("s3.amazonaws.com", "ListObjects", 5),
      ].map(({ eventName, count: n }) => ({ eventName, count: n })),
      actors: ["ci-deploy", "account 210987654321"],
    });
    const highlights = highlightsOf([], signals({ bursts: [burst(NEW_IP), burst(OLD_IP)] }));
    expect(highlights).toEqual([
      {
        kind: "read-burst",
        severity: "high",
        risk: 75,
        actor: null,
        text:
          "185.220.101.47, an address new to the data (first seen 2026-11-04 02:10:14 UTC), made 159 data reads " +
          "(GetObject ×154, ListObjects ×5), up to 60 in 15 minutes, as ci-deploy and account 210987654321.",
        filter: { sourceIp: [NEW_IP], category: ["Data"], readOnly: ["true"] },
      },
    ]);
  });

  it("orders across kinds by risk: the incident's changes before root use, routine changes last", () => {
    const root = actor({ actor: "root", actorType: "root", events: 4 });
    const highlights = highlightsOf(
      [quinn, root, ci],
      signals({ changes: ciChanges, actorFirsts: ciFirsts }),
    );
    expect(highlights.map((h) => `${h.kind}:${h.actor}`)).toEqual([
      "iam:ci-deploy",
      "root:root",
      "iam:quinn",
    ]);
    const risks = highlights.map((h) => h.risk);
    expect([...risks].sort((a, b) => b - a)).toEqual(risks);
  });
});
