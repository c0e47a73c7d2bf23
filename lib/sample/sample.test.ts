import { createHash } from "node:crypto";
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { digestSigningString, parseDigestFile } from "../integrity/digest-file";
import { readDigestKeysFile } from "../integrity/digest-keys";
import { publicKeyFingerprint, verifyDigestSignature } from "../integrity/digest-signature";
import { LocalFolderSource } from "../sources/local/local-folder-source";
import { SAMPLE_DIGEST_PUBLIC_KEY_DER } from "./digest-signing-key";
import {
  MANIFEST_FILE,
  SAMPLE_DIGEST_KEYS_FILE,
  generateSampleTrail,
  sampleManifestSchema,
  type SampleManifest,
} from "./index";

type Rec = Record<string, unknown>;
interface ParsedFile {
  key: string;
  kind: "events" | "insights" | "digest";
  text: string;
  records: Rec[];
}

const ORG = "o-7k2m9x4p1q";
const EVENT_KEY = new RegExp(
  `^AWSLogs/${ORG}/(\\d{12})/(CloudTrail|CloudTrail-Insight)/([a-z]{2}-[a-z]+-\\d)/(\\d{4})/(\\d{2})/(\\d{2})/` +
    `\\1_\\2_\\3_(\\d{8})T\\d{4}Z_[A-Za-z0-9]{16}\\.json\\.gz$`,
);
const DIGEST_KEY = new RegExp(
  `^AWSLogs/${ORG}/(\\d{12})/CloudTrail-Digest/([a-z]{2}-[a-z]+-\\d)/(\\d{4})/(\\d{2})/(\\d{2})/` +
    `\\1_CloudTrail-Digest_\\2_org-trail_us-east-1_(\\d{8})T\\d{6}Z\\.json\\.gz$`,
);
const DATA_NAMES = new Set([
  "GetObject",
  "PutObject",
  "DeleteObject",
  "ListObjects",
  "Invoke",
  "GetItem",
  "PutItem",
  "Query",
  "UpdateItem",
]);

let root = "";
let dirA = "";
let dirB = "";
let manifest: SampleManifest;
const files: ParsedFile[] = [];
/** The `<digest key>.sig` files, by digest key. */
const signatures = new Map<string, string>();
let records: { rec: Rec; key: string }[] = [];

async function walk(dir: string, base = dir): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(full, base)));
    else out.push(path.relative(base, full).split(path.sep).join("/"));
  }
  return out.sort();
}

const obj = (v: unknown): Rec =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Rec) : {};
const category = (r: Rec): string =>
  typeof r.eventCategory === "string"
    ? r.eventCategory
    : r.eventType === "AwsCloudTrailInsight"
      ? "Insight"
      : r.eventType === "AwsVpceEvent"
        ? "NetworkActivity"
        : DATA_NAMES.has(String(r.eventName))
          ? "Data"
          : "Management";

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "trailglass-sample-"));
  dirA = path.join(root, "a");
  dirB = path.join(root, "b");
  manifest = await generateSampleTrail({ outDir: dirA });
  await generateSampleTrail({ outDir: dirB });
  for (const key of await walk(dirA)) {
    if (key === MANIFEST_FILE || key === SAMPLE_DIGEST_KEYS_FILE) continue;
    if (key.endsWith(".sig")) {
      signatures.set(key.slice(0, -".sig".length), await readFile(path.join(dirA, key), "utf8"));
      continue;
    }
    const text = gunzipSync(await readFile(path.join(dirA, key))).toString("utf8");
    const kind = key.includes("/CloudTrail-Digest/")
      ? "digest"
      : key.includes("/CloudTrail-Insight/")
        ? "insights"
        : "events";
    const parsed = JSON.parse(text) as { Records?: Rec[] };
    files.push({ key, kind, text, records: kind === "digest" ? [] : (parsed.Records ?? []) });
  }
  records = files.flatMap((f) => f.records.map((rec) => ({ rec, key: f.key })));
}, 120_000);

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe("sample trail", () => {
  it("is deterministic: two generations give the same bytes and manifest", async () => {
    const [a, b] = await Promise.all([walk(dirA), walk(dirB)]);
    expect(a.length).toBeGreaterThan(1000);
    expect(b).toEqual(a);
    for (const key of a) {
      const [x, y] = await Promise.all([
        readFile(path.join(dirA, key)),
        readFile(path.join(dirB, key)),
      ]);
      if (!x.equals(y)) throw new Error(`${key} differs between two generations`);
    }
    const second = sampleManifestSchema.parse(
      JSON.parse(await readFile(path.join(dirB, MANIFEST_FILE), "utf8")),
    );
    expect(second).toEqual(manifest);
  });

  it("lays files out like an organization trail", () => {
    const counts = { events: 0, insights: 0, digest: 0 };
    const problems: string[] = [];
    for (const f of files) {
      counts[f.kind]++;
      const m = f.kind === "digest" ? DIGEST_KEY.exec(f.key) : EVENT_KEY.exec(f.key);
      if (!m) {
        problems.push(`bad key ${f.key}`);
        continue;
      }
      const [folderDate, nameDate] =
        f.kind === "digest" ? [`${m[3]}${m[4]}${m[5]}`, m[6]] : [`${m[4]}${m[5]}${m[6]}`, m[7]];
      if (nameDate !== folderDate) problems.push(`date of ${f.key}`);
      if (f.kind !== "digest" && !Array.isArray((JSON.parse(f.text) as Rec).Records))
        problems.push(`no Records in ${f.key}`);
      for (const r of f.records) {
        if ((r.eventType === "AwsCloudTrailInsight") !== (f.kind === "insights"))
          problems.push(`misplaced record in ${f.key}`);
        if (r.recipientAccountId !== m[1]) problems.push(`foreign account in ${f.key}`);
      }
    }
    expect(problems).toEqual([]);
    expect(counts).toEqual({
      events: manifest.files.events,
      insights: manifest.files.insights,
      digest: manifest.files.digests,
    });
    expect(counts.digest).toBeGreaterThan(0);
  });

  it("has a manifest whose counts match the files", async () => {
    const parsed = sampleManifestSchema.parse(
      JSON.parse(await readFile(path.join(dirA, MANIFEST_FILE), "utf8")),
    );
    expect(parsed).toEqual(manifest);
    const seen = new Map<string, string>();
    const byCategory: Record<string, number> = {
      Management: 0,
      Data: 0,
      Insight: 0,
      NetworkActivity: 0,
    };
    const byIdentityType: Record<string, number> = {};
    let distinct = 0;
    let withoutId = 0;
    let withoutCategory = 0;
    let nextDay = 0;
    for (const { rec, key } of records) {
      const folder = key.split("/").slice(-4, -1).join("-");
      if (String(rec.eventTime).slice(0, 10) < folder) nextDay++;
      if (typeof rec.eventID === "string") {
        const before = seen.get(rec.eventID);
        if (before !== undefined) {
          expect(JSON.stringify(rec)).toBe(before);
          continue;
        }
        seen.set(rec.eventID, JSON.stringify(rec));
      } else withoutId++;
      distinct++;
      byCategory[category(rec)] = (byCategory[category(rec)] ?? 0) + 1;
      const type =
        typeof obj(rec.userIdentity).type === "string"
          ? String(obj(rec.userIdentity).type)
          : "(none)";
      byIdentityType[type] = (byIdentityType[type] ?? 0) + 1;
      if (rec.eventCategory === undefined) withoutCategory++;
    }
    expect(manifest.records).toBe(records.length);
    expect(manifest.distinctEvents).toBe(distinct);
    expect(manifest.duplicateRecords).toBe(records.length - distinct);
    expect(manifest.byCategory).toEqual(byCategory);
    expect(manifest.byIdentityType).toEqual(byIdentityType);
    expect(manifest.recordsWithoutEventId).toBe(withoutId);
    expect(manifest.recordsWithoutCategory).toBe(withoutCategory);
    expect(manifest.deliveredNextDay).toBe(nextDay);
    expect(distinct).toBeGreaterThan(18_000);
    expect(distinct).toBeLessThan(22_000);
    const dupShare = manifest.duplicateRecords / manifest.records;
    expect(dupShare).toBeGreaterThan(0.002);
    expect(dupShare).toBeLessThan(0.01);
    expect(nextDay).toBeGreaterThan(0);
  });

  it("counts who called from which account as the files hold it (#19)", () => {
    const distinct = new Map<string, Rec>();
    for (const { rec } of records)
      distinct.set(typeof rec.eventID === "string" ? rec.eventID : JSON.stringify(rec), rec);
    const events = [...distinct.values()];
    const id = (r: Rec) => obj(r.userIdentity);
    const type = (r: Rec) => id(r).type;
    const accountOfArn = (arn: unknown) => /^arn:aws:[^:]*:[^:]*:(\d{12}):/.exec(String(arn))?.[1];
    const hidden = (r: Rec) =>
      type(r) === "IAMUser" && id(r).userName === "HIDDEN_DUE_TO_SECURITY_REASONS";
    // Nothing in the identity names the caller.
    const nameless = (r: Rec) =>
      r.userIdentity === undefined
        ? r.eventType !== "AwsCloudTrailInsight" && r.eventType !== "AwsServiceEvent"
        : (type(r) === undefined || type(r) === "Unknown") &&
          ["invokedBy", "userName", "arn", "principalId"].every((k) => !id(r)[k]);
    const unknown = {
      anonymous: events.filter(
        (r) =>
          id(r).accountId === "ANONYMOUS_PRINCIPAL" ||
          (nameless(r) &&
            r.eventSource !== "cognito-identity.amazonaws.com" &&
            r.eventSource !== "signin.amazonaws.com"),
      ).length,
      "unauthenticated Cognito": events.filter(
        (r) => nameless(r) && r.eventSource === "cognito-identity.amazonaws.com",
      ).length,
      "failed sign-in": events.filter(
        (r) => hidden(r) || (nameless(r) && r.eventSource === "signin.amazonaws.com"),
      ).length,
    };
    expect(manifest.unknownCallerEvents).toEqual(unknown);

    const callerAccountOf = (r: Rec): string | undefined => {
      if (type(r) === "AWSService" || hidden(r) || nameless(r)) return undefined;
      const own = String(id(r).accountId ?? "");
      if (/^\d{12}$/.test(own)) return own;
      return (
        accountOfArn(id(r).arn) ?? accountOfArn(obj(obj(id(r).sessionContext).sessionIssuer).arn)
      );
    };
    const cross = events.filter((r) => {
      const caller = callerAccountOf(r);
      return caller !== undefined && caller !== r.recipientAccountId;
    });
    expect(manifest.crossAccountEvents).toBe(cross.length);
    expect(manifest.crossAccountRoleEvents).toBe(
      cross.filter((r) => type(r) === "AssumedRole").length,
    );
    expect(manifest.federatedUserEvents).toBe(
      events.filter((r) => type(r) === "FederatedUser").length,
    );
    expect(manifest.failedSignIns).toBe(
      events.filter(
        (r) => r.eventName === "ConsoleLogin" && obj(r.responseElements).ConsoleLogin === "Failure",
      ).length,
    );
    expect(manifest.arnPrefixEvents).toBe(
      events.filter((r) =>
        ((r.resources as Rec[] | undefined) ?? []).some((x) => typeof x.ARNPrefix === "string"),
      ).length,
    );
    const roles: Record<string, string[]> = {};
    for (const r of events.filter((e) => type(e) === "AssumedRole")) {
      const issuer = obj(obj(id(r).sessionContext).sessionIssuer);
      if (issuer.accountId !== r.recipientAccountId) continue;
      const name = String(issuer.userName);
      const list = (roles[name] ??= []);
      if (!list.includes(String(issuer.accountId))) list.push(String(issuer.accountId));
    }
    const twice = Object.entries(roles)
      .filter(([, accounts]) => accounts.length > 1)
      .map(([name, accounts]) => [name, accounts.sort()] as const)
      .sort(([a], [b]) => a.localeCompare(b));
    expect(Object.entries(manifest.sameNamedRoles)).toEqual(twice);
  });

  it("names the objects of an S3 listing by ARN prefix", () => {
    const lists = records.map((r) => r.rec).filter((r) => r.eventName === "ListObjects");
    expect(lists.length).toBeGreaterThan(0);
    for (const r of lists) {
      const req = obj(r.requestParameters);
      expect(r.resources).toEqual([
        {
          type: "AWS::S3::Object",
          ARNPrefix: `arn:aws:s3:::${String(req.bucketName)}/${String(req.prefix)}`,
        },
        expect.objectContaining({
          type: "AWS::S3::Bucket",
          ARN: `arn:aws:s3:::${String(req.bucketName)}`,
        }),
      ]);
    }
    expect(manifest.arnPrefixEvents).toBeGreaterThan(0);
  });

  it("hides the user name of a console sign-in to a user that does not exist", () => {
    const unknownUser = records
      .map((r) => r.rec)
      .filter((r) => r.errorMessage === "No username found in supplied account");
    expect(unknownUser.length).toBeGreaterThan(0);
    for (const r of unknownUser) {
      expect(r.eventName).toBe("ConsoleLogin");
      expect(r.eventType).toBe("AwsConsoleSignIn");
      expect(r.userIdentity).toEqual({
        type: "IAMUser",
        accountId: r.recipientAccountId,
        principalId: "",
        accessKeyId: "",
        userName: "HIDDEN_DUE_TO_SECURITY_REASONS",
      });
      expect(r.responseElements).toEqual({ ConsoleLogin: "Failure" });
      expect(r.errorCode).toBeUndefined();
    }
    expect(manifest.unknownCallerEvents["failed sign-in"]).toBe(
      new Set(unknownUser.map((r) => r.eventID)).size,
    );
    expect(manifest.failedSignIns).toBeGreaterThan(manifest.unknownCallerEvents["failed sign-in"]);
  });

  it("logs the app's guests (unauthenticated Cognito identities) as type Unknown", () => {
    const guests = records
      .map((r) => r.rec)
      .filter((r) => r.eventSource === "cognito-identity.amazonaws.com");
    const names = new Set(guests.map((r) => r.eventName));
    expect(names).toEqual(new Set(["GetId", "GetCredentialsForIdentity"]));
    for (const r of guests) {
      expect(r.userIdentity).toEqual({ type: "Unknown" });
      expect(r.eventCategory).toBe("Data");
      expect(r.managementEvent).toBe(false);
      expect(obj(r.requestParameters).logins).toBeUndefined();
      const [pool] = r.resources as Rec[];
      expect(pool?.type).toBe("AWS::Cognito::IdentityPool");
      expect(String(pool?.ARN)).toMatch(
        new RegExp(
          `^arn:aws:cognito-identity:us-east-1:${String(r.recipientAccountId)}:identitypool/us-east-1:`,
        ),
      );
    }
    const credentials = guests.filter((r) => r.eventName === "GetCredentialsForIdentity");
    expect(credentials.length).toBeGreaterThan(0);
    for (const r of credentials)
      expect(String(obj(obj(r.responseElements).credentials).accessKeyId)).toMatch(/^ASIA/);
    expect(manifest.unknownCallerEvents["unauthenticated Cognito"]).toBe(
      new Set(guests.map((r) => r.eventID)).size,
    );
  });

  it("has a role of one account calling in another, and same-named roles in two accounts", () => {
    const recs = records.map((r) => r.rec);
    const issuer = (r: Rec) => obj(obj(obj(r.userIdentity).sessionContext).sessionIssuer);
    // A role session of one account whose calls another account logs.
    const across = recs.filter(
      (r) =>
        obj(r.userIdentity).type === "AssumedRole" &&
        obj(r.userIdentity).accountId !== r.recipientAccountId,
    );
    expect(across.length).toBeGreaterThanOrEqual(3);
    for (const r of across) {
      expect(issuer(r).accountId).toBe(obj(r.userIdentity).accountId);
      expect(String(obj(r.userIdentity).arn)).toContain(`::${String(issuer(r).accountId)}:`);
      // The caller's account gets its own copy of the call, with the same sharedEventID.
      const copy = recs.find(
        (x) => x.sharedEventID === r.sharedEventID && x.recipientAccountId === issuer(r).accountId,
      );
      expect(copy?.eventName).toBe(r.eventName);
      expect(copy?.eventID).not.toBe(r.eventID);
    }
    expect(manifest.crossAccountRoleEvents).toBe(new Set(across.map((r) => r.eventID)).size);
    expect(manifest.crossAccountEvents).toBeGreaterThan(manifest.crossAccountRoleEvents);

    // The role that calls across accounts has a namesake in the account it calls into.
    const names = new Set(across.map((r) => String(issuer(r).userName)));
    for (const name of names) {
      const accounts = manifest.sameNamedRoles[name] ?? [];
      for (const r of across)
        if (issuer(r).userName === name) expect(accounts).toContain(String(r.recipientAccountId));
    }
    expect(Object.keys(manifest.sameNamedRoles).length).toBeGreaterThanOrEqual(2);
    for (const accounts of Object.values(manifest.sameNamedRoles))
      expect(accounts.length).toBeGreaterThanOrEqual(2);
  });

  it("keeps events in the span and delivers late ones into the next day's folder", () => {
    const outside = records
      .map((r) => String(r.rec.eventTime))
      .filter(
        (t) =>
          !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(t) ||
          t < manifest.span.from ||
          t > manifest.span.to,
      );
    expect(outside).toEqual([]);
    expect(files.some((f) => f.key.includes("/2026/11/07/"))).toBe(true);
    const unordered = files.filter((f) =>
      f.records.some((r, i) => i > 0 && String(r.eventTime) < String(f.records[i - 1]?.eventTime)),
    );
    expect(unordered.length).toBeGreaterThan(10);
  });

  it("holds every category, identity type and record shape", () => {
    for (const c of ["Management", "Data", "Insight", "NetworkActivity"] as const)
      expect(manifest.byCategory[c], c).toBeGreaterThan(0);
    expect(manifest.byCategory.Management).toBeGreaterThan(manifest.byCategory.Data);
    const types = [
      "Unknown",
      "Root",
      "IAMUser",
      "AssumedRole",
      "IdentityCenterUser",
      "SAMLUser",
      "WebIdentityUser",
      "FederatedUser",
      "AWSAccount",
      "AWSService",
    ];
    for (const t of types) expect(manifest.byIdentityType[t] ?? 0, t).toBeGreaterThan(0);
    const recs = records.map((r) => r.rec);
    expect(recs.some((r) => r.eventType === "AwsServiceEvent")).toBe(true);
    expect(
      recs.some((r) => r.eventType === "AwsVpceEvent" && r.errorCode === "VpceAccessDenied"),
    ).toBe(true);
    // Failed console sign-ins say so in responseElements, without an errorCode: a wrong password
    // of a user that exists, or a user name the account does not have.
    const failed = recs.filter(
      (r) => r.eventName === "ConsoleLogin" && obj(r.responseElements).ConsoleLogin === "Failure",
    );
    expect(failed.every((r) => r.errorCode === undefined)).toBe(true);
    expect(new Set(failed.map((r) => r.errorMessage))).toEqual(
      new Set(["Failed authentication", "No username found in supplied account"]),
    );
    const old = recs.filter((r) => r.eventVersion === "1.05");
    expect(old.length).toBeGreaterThanOrEqual(40);
    expect(old.every((r) => r.eventCategory === undefined)).toBe(true);
    expect(manifest.recordsWithoutEventId).toBeGreaterThanOrEqual(1);
    expect(manifest.recordsWithoutEventId).toBeLessThanOrEqual(2);
    const modern = recs.filter(
      (x) => x.eventVersion !== "1.05" && x.eventType !== "AwsCloudTrailInsight",
    );
    const odd = modern.filter(
      (r) =>
        !["1.08", "1.09", "1.10", "1.11"].includes(String(r.eventVersion)) ||
        typeof r.eventCategory !== "string",
    );
    expect(odd).toEqual([]);
  });

  it("writes Insights Start/End pairs with full details", () => {
    const insights = records
      .map((r) => r.rec)
      .filter((r) => r.eventType === "AwsCloudTrailInsight");
    const pairs = new Map<string, string[]>();
    for (const r of insights) {
      expect(r.userIdentity).toBeUndefined();
      expect(r.eventCategory).toBe("Insight");
      const d = obj(r.insightDetails);
      expect(["ApiCallRateInsight", "ApiErrorRateInsight"]).toContain(d.insightType);
      const ctx = obj(d.insightContext);
      expect(Object.keys(obj(ctx.statistics)).sort()).toEqual([
        "baseline",
        "baselineDuration",
        "insight",
        "insightDuration",
      ]);
      const attributes = (ctx.attributions as Rec[]).map((a) => a.attribute);
      expect(attributes).toEqual(["userIdentityArn", "userAgent", "errorCode"]);
      pairs.set(String(r.sharedEventID), [
        ...(pairs.get(String(r.sharedEventID)) ?? []),
        String(d.state),
      ]);
    }
    const complete = [...pairs.values()].filter((s) => s.sort().join() === "End,Start");
    expect(complete.length).toBeGreaterThanOrEqual(3);
    const types = new Set(insights.map((r) => obj(r.insightDetails).insightType));
    expect(types).toEqual(new Set(["ApiCallRateInsight", "ApiErrorRateInsight"]));
  });

  it("contains the incident", () => {
    const inc = manifest.incident;
    const attacker = records
      .map((r) => r.rec)
      .filter((r) => r.sourceIPAddress === inc.sourceIp && r.recipientAccountId === inc.account);
    const names = (key?: string) =>
      attacker
        .filter((r) => key === undefined || obj(r.userIdentity).accessKeyId === key)
        .map((r) => String(r.eventName));
    const leaked = names(inc.accessKeyId);
    for (const n of [
      "GetCallerIdentity",
      "ListBuckets",
      "ListObjects",
      "GetSecretValue",
      "CreateUser",
      "CreateAccessKey",
      "AttachUserPolicy",
      "StopLogging",
      "DeleteTrail",
    ]) {
      expect(leaked, n).toContain(n);
    }
    const downloads = attacker.filter(
      (r) => r.eventName === "GetObject" && obj(r.requestParameters).bucketName === inc.bucket,
    );
    expect(downloads.length).toBeGreaterThan(100);
    for (const n of ["StopLogging", "DeleteTrail"])
      expect(attacker.find((r) => r.eventName === n)?.errorCode).toBe("AccessDenied");
    const attach = attacker.find((r) => r.eventName === "AttachUserPolicy");
    expect(obj(attach?.requestParameters).policyArn).toBe(
      "arn:aws:iam::aws:policy/AdministratorAccess",
    );
    expect(names(inc.createdAccessKeyId)).toContain("PutBucketPolicy");
    // The leaked key mints a federated user; its session acts as that user, issued by ci-deploy.
    const minted = attacker.find((r) => r.eventName === "GetFederationToken");
    expect(obj(minted?.userIdentity).accessKeyId).toBe(inc.accessKeyId);
    expect(obj(minted?.requestParameters).name).toBe(inc.federatedUser);
    const federatedKey = obj(obj(minted?.responseElements).credentials).accessKeyId;
    const federated = attacker.filter((r) => obj(r.userIdentity).type === "FederatedUser");
    expect(federated.length).toBeGreaterThanOrEqual(3);
    for (const r of federated) {
      const identity = obj(r.userIdentity);
      expect(identity.accessKeyId).toBe(federatedKey);
      expect(identity.arn).toBe(`arn:aws:sts::${inc.account}:federated-user/${inc.federatedUser}`);
      expect(identity.principalId).toBe(`${inc.account}:${inc.federatedUser}`);
      expect(obj(obj(identity.sessionContext).sessionIssuer)).toEqual({
        type: "IAMUser",
        principalId: obj(minted?.userIdentity).principalId,
        arn: obj(minted?.userIdentity).arn,
        accountId: inc.account,
        userName: inc.userName,
      });
    }
    expect(manifest.federatedUserEvents).toBeGreaterThan(federated.length);
    for (const r of attacker)
      expect(String(r.eventTime) >= inc.window.from && String(r.eventTime) <= inc.window.to).toBe(
        true,
      );
    const covering = records
      .map((r) => r.rec)
      .filter((r) => r.eventType === "AwsCloudTrailInsight" && r.recipientAccountId === inc.account)
      .filter(
        (r) => String(r.eventTime) >= inc.window.from && String(r.eventTime) <= inc.window.to,
      );
    expect(covering.map((r) => obj(r.insightDetails).state).sort()).toEqual(["End", "Start"]);
  });

  it("carries the hostile user agent and the formula payload", () => {
    const hostile = records
      .filter((r) => r.rec.userAgent === "<img src=x onerror=alert(1)>")
      .map((r) => r.rec);
    expect(hostile.length).toBeGreaterThanOrEqual(1);
    expect(new Set(hostile.map((r) => r.eventID))).toEqual(
      new Set([manifest.incident.hostileUserAgentEventId]),
    );
    const formula = records.find(
      (r) => r.rec.eventID === manifest.incident.formulaPayloadEventId,
    )?.rec;
    expect(JSON.stringify(formula?.requestParameters)).toContain(
      '=HYPERLINK(\\"http://evil.example\\",\\"click\\")',
    );
  });

  /** The digests in chain order, parsed as a reader parses them. */
  const digestChain = () =>
    files
      .filter((f) => f.kind === "digest")
      .sort((a, b) => a.key.localeCompare(b.key))
      .map((f) => {
        const parsed = parseDigestFile(Buffer.from(f.text, "utf8"));
        if (!parsed.ok) throw new Error(`${f.key}: ${parsed.message}`);
        return { key: f.key, digest: parsed.digest, sha256: parsed.sha256 };
      });

  it("chains digests that hash the delivered files, but for the one tampered with", () => {
    const byKey = new Map(files.map((f) => [f.key, f]));
    const digests = digestChain();
    expect(digests.length).toBeGreaterThanOrEqual(3);
    const sha = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");
    const listed: string[] = [];
    const mismatched: string[] = [];
    digests.forEach(({ key, digest }, i) => {
      expect(digest.digestS3Object).toBe(key);
      for (const entry of digest.logFiles) {
        const file = byKey.get(entry.s3Object);
        expect(file?.kind, entry.s3Object).toBe("events");
        expect(file?.key).toMatch(
          new RegExp(
            `/${manifest.digestCoverage.account}/CloudTrail/${manifest.digestCoverage.region}/`,
          ),
        );
        if (entry.hashValue !== sha(file?.text ?? "")) mismatched.push(entry.s3Object);
        listed.push(entry.s3Object);
      }
      const prev = digests[i - 1];
      expect(digest.previousDigestHashValue ?? null).toBe(prev ? prev.sha256 : null);
      expect(digest.previousDigestS3Object ?? null).toBe(prev ? prev.key : null);
      expect(digest.previousDigestSignature ?? null).toBe(
        prev ? signatures.get(prev.key)?.trim() : null,
      );
    });
    expect(listed.length).toBeGreaterThan(10);
    expect(new Set(listed).size).toBe(listed.length);
    expect(manifest.digestCoverage.logFiles).toBe(listed.length);
    expect(manifest.digestCoverage.modifiedFiles).toHaveLength(1);
    expect(mismatched).toEqual(manifest.digestCoverage.modifiedFiles);
  });

  it("tampers with its file by a newline only: the records stay, the digest's hash was of the text before", () => {
    const [key] = manifest.digestCoverage.modifiedFiles;
    const file = files.find((f) => f.key === key);
    expect(file?.text.endsWith("}\n")).toBe(true);
    const before = file?.text.slice(0, -1) ?? "";
    const entry = digestChain()
      .flatMap((d) => d.digest.logFiles)
      .find((e) => e.s3Object === key);
    expect(entry?.hashValue).toBe(createHash("sha256").update(before, "utf8").digest("hex"));
    expect(file?.records.length).toBeGreaterThan(0);
    expect(JSON.parse(before)).toEqual({ Records: file?.records });
  });

  it("signs every digest with the sample key over the documented signing string", () => {
    const digests = digestChain();
    const fingerprint = publicKeyFingerprint(SAMPLE_DIGEST_PUBLIC_KEY_DER);
    expect(manifest.digestCoverage.fingerprint).toBe(fingerprint);
    expect(new Set(signatures.keys())).toEqual(new Set(digests.map((d) => d.key)));
    for (const { key, digest, sha256 } of digests) {
      const signature = signatures.get(key) ?? "";
      expect(signature, key).toMatch(/^[0-9a-f]{512}\n$/);
      expect(digest.digestPublicKeyFingerprint).toBe(fingerprint);
      expect(digest.digestSignatureAlgorithm).toBe("SHA256withRSA");
      const signed = digestSigningString(digest, sha256);
      expect(signed.split("\n")).toEqual([
        digest.digestEndTime,
        `${digest.digestS3Bucket}/${key}`,
        sha256,
        digest.previousDigestSignature ?? "null",
      ]);
      expect(
        verifyDigestSignature(signed, signature.trim(), SAMPLE_DIGEST_PUBLIC_KEY_DER),
        key,
      ).toBe(true);
      // The check can fail: the same signature over another hash does not verify.
      const other = digestSigningString(
        digest,
        sha256.replace(/^./, (c) => (c === "0" ? "1" : "0")),
      );
      expect(verifyDigestSignature(other, signature.trim(), SAMPLE_DIGEST_PUBLIC_KEY_DER)).toBe(
        false,
      );
    }
  });

  it("writes the digests' public key as ListPublicKeys prints it", async () => {
    const keys = await readDigestKeysFile(path.join(dirA, SAMPLE_DIGEST_KEYS_FILE));
    expect(keys).toHaveLength(1);
    expect(keys[0]?.fingerprint).toBe(manifest.digestCoverage.fingerprint);
    expect(Buffer.from(keys[0]?.der ?? []).equals(SAMPLE_DIGEST_PUBLIC_KEY_DER)).toBe(true);
    const raw = JSON.parse(await readFile(path.join(dirA, SAMPLE_DIGEST_KEYS_FILE), "utf8")) as {
      PublicKeyList: { ValidityStartTime: number; ValidityEndTime: number }[];
    };
    const [validity] = raw.PublicKeyList;
    expect(validity?.ValidityStartTime).toBeLessThanOrEqual(Date.parse(manifest.span.from) / 1000);
    expect(validity?.ValidityEndTime).toBeGreaterThanOrEqual(Date.parse(manifest.span.to) / 1000);
  });

  it("is read by a folder source as trail files and signed digests, the key and signatures left out", async () => {
    const plan = await new LocalFolderSource(dirA).planRange({
      from: manifest.span.from,
      to: manifest.span.to,
    });
    expect(plan.problems).toEqual([]);
    const planned = plan.files.map((f) => f.key);
    expect(planned).not.toContain(SAMPLE_DIGEST_KEYS_FILE);
    expect(planned.filter((k) => k.endsWith(".sig"))).toEqual([]);
    expect(planned).toEqual(expect.arrayContaining(manifest.digestCoverage.modifiedFiles));
    const digests = plan.digests ?? [];
    expect(digests.map((d) => d.key).sort()).toEqual([...signatures.keys()].sort());
    for (const d of digests) {
      const { signature } = await d.read();
      expect(signature, d.key).toBe(signatures.get(d.key)?.trim());
    }
  });
});
