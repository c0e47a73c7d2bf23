import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emptyFilter, type EventFilter } from "@/lib/query/event-query";
import { openStore, type Store } from "@/lib/store/database";
import { queryEventPage } from "@/lib/store/query-events";
import { querySummary } from "@/lib/summary/query-summary";
import { storeRecordFiles } from "@/test/support/record-files";

/**
 * Who acted, in which account (#19), on a store loaded from trail files of two
 * accounts whose root user, IAM user and role share their names, with a person
 * signed in through Identity Center to both and a role of one calling into the
 * other. Records are written here in the shapes AWS documents.
 */

const PROD = "111122223333";
const DEV = "444455556666";
const range = { from: "2026-03-01T00:00:00.000Z", to: "2026-03-02T00:00:00.000Z" };

let n = 0;
function record(account: string, userIdentity: Record<string, unknown>, extra = {}) {
  n += 1;
  return {
    eventVersion: "1.09",
    userIdentity,
    eventTime: new Date(Date.parse(range.from) + n * 60_000).toISOString(),
    eventSource: "iam.amazonaws.com",
    eventName: "ListRoles",
    awsRegion: "us-east-1",
    sourceIPAddress: "198.51.100.7",
    userAgent: "aws-cli/2.15.0",
    requestID: `req-${n}`,
    eventID: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    readOnly: true,
    eventType: "AwsApiCall",
    managementEvent: true,
    recipientAccountId: account,
    eventCategory: "Management",
    ...extra,
  };
}

const root = (account: string) => ({
  type: "Root",
  principalId: account,
  arn: `arn:aws:iam::${account}:root`,
  accountId: account,
});
const admin = (account: string) => ({
  type: "IAMUser",
  principalId: `AIDA${account}`,
  arn: `arn:aws:iam::${account}:user/admin`,
  accountId: account,
  userName: "admin",
});
const session = (account: string, role: string, name: string) => ({
  type: "AssumedRole",
  principalId: `AROA${account}:${name}`,
  arn: `arn:aws:sts::${account}:assumed-role/${role}/${name}`,
  accountId: account,
  sessionContext: {
    sessionIssuer: {
      type: "Role",
      principalId: `AROA${account}`,
      arn: `arn:aws:iam::${account}:role/${role}`,
      accountId: account,
      userName: role,
    },
  },
});

let dir = "";
let store: Store;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "trailglass-identities-"));
  store = await openStore(path.join(dir, "store"));
  const records = [
    // The same names in both accounts.
    ...[PROD, DEV].flatMap((account) => [
      record(account, root(account)),
      record(account, admin(account)),
      record(account, admin(account)),
      record(account, session(account, "deploy", "run-1")),
      // One person, through Identity Center, in both accounts.
      record(account, session(account, "AWSReservedSSO_Admin_0123456789abcdef", "ana@example.com")),
    ]),
    // dev's deploy role reads prod's bucket: logged by prod, called from dev.
    record(PROD, session(DEV, "deploy", "run-2"), {
      eventSource: "s3.amazonaws.com",
      eventName: "GetObject",
      eventCategory: "Data",
      managementEvent: false,
    }),
  ];
  await storeRecordFiles(store, [{ key: "trail.json.gz", records }]);
});

afterAll(async () => {
  store.close();
  await rm(dir, { recursive: true, force: true });
});

const view = (extra: Partial<EventFilter> = {}): EventFilter => ({
  ...emptyFilter(range),
  ...extra,
});

describe("identities across accounts", () => {
  it("keeps same-named root users, IAM users and roles of two accounts apart, and a person one", async () => {
    const summary = await querySummary(store, view());
    const actors = summary.actors
      .map((a) => `${a.actorType} ${a.actor} ${a.actorAccount ?? "-"} ${a.events}`)
      .sort();
    expect(actors).toEqual([
      `iam-user admin ${PROD} 2`,
      `iam-user admin ${DEV} 2`,
      "person ana@example.com - 2",
      `role deploy ${PROD} 1`,
      `role deploy ${DEV} 2`,
      `root root ${PROD} 1`,
      `root root ${DEV} 1`,
    ]);
    // dev's deploy role acted in both accounts: its own and prod.
    const devDeploy = summary.actors.find((a) => a.actor === "deploy" && a.actorAccount === DEV);
    expect(devDeploy?.accounts.sort()).toEqual([PROD, DEV].sort());
  });

  it("filters by the caller's account and by calls from another account", async () => {
    const fromDev = await queryEventPage(store, view({ callerAccount: [DEV] }), {
      limit: 100,
      cursor: null,
    });
    expect(fromDev.total).toBe(6);
    const across = await queryEventPage(store, view({ crossAccount: true }), {
      limit: 100,
      cursor: null,
    });
    expect(across.events.map((e) => [e.eventName, e.account, e.callerAccount])).toEqual([
      ["GetObject", PROD, DEV],
    ]);
    const within = await queryEventPage(store, view({ crossAccount: false }), {
      limit: 100,
      cursor: null,
    });
    expect(within.total).toBe(10);
  });

  it("opens one actor of one account from the summary's drill-down filter", async () => {
    const page = await queryEventPage(
      store,
      view({ actor: ["deploy"], actorType: ["role"], actorAccount: [PROD] }),
      { limit: 100, cursor: null },
    );
    expect(page.events.map((e) => e.principal)).toEqual(["deploy/run-1"]);
  });
});
