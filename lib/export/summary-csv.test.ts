import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import type { SummaryActor } from "../query/summary-response";
import { summaryCsv, summaryFileName } from "./summary-csv";

const FORMULA = '=HYPERLINK("http://evil.example","click")';

function actor(overrides: Partial<SummaryActor>): SummaryActor {
  return {
    actor: "quinn",
    actorType: "iam-user",
    actorAccount: "210987654321",
    accounts: ["210987654321", "123412341234"],
    events: 12,
    changes: 3,
    reads: 9,
    errors: 2,
    denied: 1,
    services: ["iam.amazonaws.com", "s3.amazonaws.com"],
    changedServices: ["iam.amazonaws.com"],
    topActions: [{ eventName: "CreateUser", eventSource: "iam.amazonaws.com", count: 3 }],
    topActionsAre: "changes",
    resourcesChanged: { count: 1, top: ["user/zed"] },
    console: 0,
    programmatic: 12,
    sessionCount: 1,
    sessions: [],
    regions: ["us-east-1"],
    firstSeen: "2025-03-01T08:00:00.000Z",
    lastSeen: "2025-03-01T09:00:00.000Z",
    sentence: "quinn made 3 changes in IAM (CreateUser ×3), 1 denied, 1 failed.",
    ...overrides,
  };
}

describe("summaryCsv", () => {
  it("writes one row per actor with the table's columns", () => {
    const text = summaryCsv([actor({}), actor({ actor: "ops-role", actorType: "role" })]);
    expect(text.startsWith("\uFEFF")).toBe(true);
    const rows = parse(text.slice(1), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual({
      actor: "quinn",
      "actor type": "iam-user",
      "actor's account": "210987654321",
      accounts: "210987654321; 123412341234",
      events: "12",
      changes: "3",
      errors: "2",
      denied: "1",
      services: "iam.amazonaws.com; s3.amazonaws.com",
      "top actions": "CreateUser ×3",
      "first seen": "2025-03-01T08:00:00.000Z",
      "last seen": "2025-03-01T09:00:00.000Z",
      sentence: "quinn made 3 changes in IAM (CreateUser ×3), 1 denied, 1 failed.",
    });
    expect(rows[1]!["actor type"]).toBe("role");
    // A person belongs to no one account.
    const person = parse(
      summaryCsv([actor({ actorType: "person", actorAccount: null })]).slice(1),
      {
        columns: true,
      },
    ) as Record<string, string>[];
    expect(person[0]!["actor's account"]).toBe("");
  });

  it("neutralizes formulas in an actor name and its sentence", () => {
    const hostile = actor({
      actor: FORMULA,
      sentence: `${FORMULA} made no changes: 1 read in S3.`,
      topActions: [{ eventName: "@SUM(A1)", eventSource: "x", count: 1 }],
    });
    const text = summaryCsv([hostile]);
    const rows = parse(text.slice(1), { columns: true }) as Record<string, string>[];
    expect(rows[0]!.actor).toBe(`'${FORMULA}`);
    expect(rows[0]!.sentence).toBe(`'${FORMULA} made no changes: 1 read in S3.`);
    expect(rows[0]!["top actions"]).toBe("'@SUM(A1) ×1");
    const cells = (parse(text.slice(1)) as string[][]).flat();
    expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
  });

  it("names the file after the range", () => {
    expect(
      summaryFileName({ from: "2026-11-04T00:00:00.000Z", to: "2026-11-05T12:30:00.000Z" }),
    ).toBe("trailglass-summary-20261104T0000Z-20261105T1230Z.csv");
  });
});
